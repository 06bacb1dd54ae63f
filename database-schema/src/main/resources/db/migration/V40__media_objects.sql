-- Issue 16: media understood. A customer's photo, voice note or document is fetched from the platform at once (its
-- URL and id expire), resized, stored under a UUID and deduplicated per tenant by the hash of what is stored.

-- What is stored. storage = 'postgres' keeps the bytes here; 's3' keeps them in the bucket under storage_key.
CREATE TABLE media_objects (
    id            uuid PRIMARY KEY,
    tenant_id     uuid NOT NULL REFERENCES tenants (id),
    sha256        text NOT NULL,
    content_type  text NOT NULL,
    size_bytes    integer NOT NULL,
    width         integer,
    height        integer,
    storage       text NOT NULL CHECK (storage IN ('postgres', 's3')),
    storage_key   text,
    bytes         bytea,
    created_at    timestamptz NOT NULL DEFAULT now(),
    -- Deduplication: the same content of one tenant is stored once, whoever sent it.
    CONSTRAINT media_objects_tenant_sha256_key UNIQUE (tenant_id, sha256)
);

-- One fetch per inbound media message: the durable job (claimed with a lease, so a killed replica's work is taken
-- over) and what came of it: the stored object, the transcript, the document's text, or why it failed.
-- status: pending -> fetching -> ready | failed.
CREATE TABLE media_fetches (
    message_id        uuid PRIMARY KEY REFERENCES messages (id) ON DELETE CASCADE,
    tenant_id         uuid NOT NULL REFERENCES tenants (id),
    account_id        uuid NOT NULL REFERENCES social_accounts (id),
    type              text NOT NULL,
    status            text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'fetching', 'ready', 'failed')),
    attempts          integer NOT NULL DEFAULT 0,
    next_attempt_at   timestamptz NOT NULL DEFAULT now(),
    lease_until       timestamptz,
    object_id         uuid REFERENCES media_objects (id),
    transcript        text,
    extracted_text    text,
    duration_seconds  integer,
    credits_charged   integer,
    failure           text,
    created_at        timestamptz NOT NULL DEFAULT now(),
    ready_at          timestamptz
);
-- What the fetchers claim: due pending jobs, and jobs whose lease ran out (their replica died).
CREATE INDEX media_fetches_due ON media_fetches (next_attempt_at) WHERE status = 'pending';
CREATE INDEX media_fetches_leased ON media_fetches (lease_until) WHERE status = 'fetching';
CREATE INDEX media_fetches_object ON media_fetches (object_id) WHERE object_id IS NOT NULL;

-- Transcription is charged per started minute of audio (issue 16).
ALTER TABLE plans ADD COLUMN credits_per_transcription_minute integer NOT NULL DEFAULT 1
    CHECK (credits_per_transcription_minute >= 0);

-- The job is written in the same transaction as the message (ingest's statement), so a stored media message always
-- has its fetch, and ingest needs no change and no extra round trip. Media the plan excludes gets no job: it is
-- never downloaded.
CREATE FUNCTION media_fetch_for_message() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO media_fetches (message_id, tenant_id, account_id, type)
    SELECT NEW.id, a.tenant_id, NEW.account_id, NEW.type FROM social_accounts a WHERE a.id = NEW.account_id
    ON CONFLICT (message_id) DO NOTHING;
    RETURN NULL;
END $$;

CREATE TRIGGER messages_media_fetch AFTER INSERT ON messages FOR EACH ROW
    WHEN (NEW.direction = 'inbound' AND NEW.plan_allowed
          AND NEW.type IN ('image', 'sticker', 'audio', 'video', 'document')
          AND (NEW.media_id IS NOT NULL OR NEW.media_url IS NOT NULL))
    EXECUTE FUNCTION media_fetch_for_message();

-- Retention (issue 17): a redacted message loses its transcript and document text with its media references.
CREATE FUNCTION media_fetch_redacted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM media_fetches WHERE message_id = NEW.id;
    RETURN NULL;
END $$;

CREATE TRIGGER messages_media_redacted AFTER UPDATE OF redacted_at ON messages FOR EACH ROW
    WHEN (OLD.redacted_at IS NULL AND NEW.redacted_at IS NOT NULL)
    EXECUTE FUNCTION media_fetch_redacted();

-- An object no fetch refers to any more (its messages were redacted or erased) goes with its last reference.
-- S3 objects are only marked: the responder's sweep deletes them from the bucket, then the row.
ALTER TABLE media_objects ADD COLUMN orphaned_at timestamptz;
CREATE INDEX media_objects_orphaned ON media_objects (orphaned_at) WHERE orphaned_at IS NOT NULL;

CREATE FUNCTION media_object_released() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.object_id IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM media_fetches f WHERE f.object_id = OLD.object_id) THEN
        DELETE FROM media_objects WHERE id = OLD.object_id AND storage = 'postgres';
        UPDATE media_objects SET orphaned_at = now() WHERE id = OLD.object_id AND storage = 's3';
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER media_fetches_release AFTER DELETE ON media_fetches FOR EACH ROW
    EXECUTE FUNCTION media_object_released();
