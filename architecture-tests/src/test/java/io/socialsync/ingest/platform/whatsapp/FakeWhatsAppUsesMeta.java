package io.socialsync.ingest.platform.whatsapp;

import io.socialsync.ingest.platform.meta.FakeMetaShared;

/** Keeps the rule: WhatsApp may use Meta's shared code. */
public class FakeWhatsAppUsesMeta {
    FakeMetaShared meta = new FakeMetaShared();
}
