-- Issue 16, the rest: a person's reply may carry an image or a document, stored like inbound media; the media notice
-- is a tenant setting.

-- An outbound part with media names the stored object; the file name is what a document is shown as.
ALTER TABLE messages ADD COLUMN media_object_id uuid REFERENCES media_objects (id);
ALTER TABLE messages ADD COLUMN media_filename text;
CREATE INDEX messages_media_object ON messages (media_object_id) WHERE media_object_id IS NOT NULL;

-- An object is released when neither a fetch nor a message refers to it any more (V40 looked at fetches only).
CREATE OR REPLACE FUNCTION media_object_release(object uuid) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF object IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM media_fetches f WHERE f.object_id = object)
       AND NOT EXISTS (SELECT 1 FROM messages m WHERE m.media_object_id = object) THEN
        DELETE FROM media_objects WHERE id = object AND storage = 'postgres';
        UPDATE media_objects SET orphaned_at = now() WHERE id = object AND storage = 's3';
    END IF;
END $$;

CREATE OR REPLACE FUNCTION media_object_released() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM media_object_release(OLD.object_id);
    RETURN NULL;
END $$;

-- Retention redacts a message (redacted_at): an outbound part loses its object reference like its text.
CREATE FUNCTION message_media_redacted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.media_object_id := NULL;
    NEW.media_filename := NULL;
    RETURN NEW;
END $$;

CREATE TRIGGER messages_media_object_redacted BEFORE UPDATE OF redacted_at ON messages FOR EACH ROW
    WHEN (OLD.redacted_at IS NULL AND NEW.redacted_at IS NOT NULL AND OLD.media_object_id IS NOT NULL)
    EXECUTE FUNCTION message_media_redacted();

CREATE FUNCTION message_media_released() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM media_object_release(OLD.media_object_id);
    RETURN NULL;
END $$;

-- After the redaction or the erasure's delete, the object goes with its last reference. No column list: the
-- reference is cleared by the BEFORE trigger above, which an "UPDATE OF media_object_id" trigger would not see.
CREATE TRIGGER messages_media_object_released AFTER UPDATE ON messages FOR EACH ROW
    WHEN (OLD.media_object_id IS NOT NULL AND NEW.media_object_id IS DISTINCT FROM OLD.media_object_id)
    EXECUTE FUNCTION message_media_released();

CREATE TRIGGER messages_media_object_deleted AFTER DELETE ON messages FOR EACH ROW
    WHEN (OLD.media_object_id IS NOT NULL)
    EXECUTE FUNCTION message_media_released();

-- The tenant's media notice (what a customer reads when their media could not be read); NULL = the deployment's.
ALTER TABLE tenants ADD COLUMN media_notice text CHECK (media_notice IS NULL OR length(btrim(media_notice)) BETWEEN 1 AND 1000);
