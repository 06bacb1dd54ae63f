package io.socialsync.model;

import io.socialsync.ingest.webhook.FakePipelineUsesPlatform;

/** Breaks "shared-model imports no service". */
public class FakeModelUsesService {
    FakePipelineUsesPlatform service = new FakePipelineUsesPlatform();
}
