package io.socialsync.ingest.webhook;

import io.socialsync.ingest.platform.fakeone.FakeOnePlatform;

/** Breaks "pipeline packages never import a platform package". */
public class FakePipelineUsesPlatform {
    FakeOnePlatform platform = new FakeOnePlatform();
}
