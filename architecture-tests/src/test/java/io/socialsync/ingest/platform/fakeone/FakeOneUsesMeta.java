package io.socialsync.ingest.platform.fakeone;

import io.socialsync.ingest.platform.meta.FakeMetaShared;

/** Breaks the rule: only WhatsApp and Instagram may use Meta's shared code. */
public class FakeOneUsesMeta {
    FakeMetaShared meta = new FakeMetaShared();
}
