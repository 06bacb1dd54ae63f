package io.socialsync.responder.reply;

import io.socialsync.ingest.webhook.FakePipelineUsesPlatform;

/** Breaks "services never import each other". */
public class FakeResponderUsesIngest {
    FakePipelineUsesPlatform ingest = new FakePipelineUsesPlatform();
}
