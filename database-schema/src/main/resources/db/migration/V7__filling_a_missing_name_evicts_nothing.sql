-- Ingest fills in the name of an Instagram customer (asked of the Graph API), whose deliveries carry none, and then
-- caches the answer under {platform}_profile:{id}. A name filled in where there was none changed nothing any cache
-- held: V2's trigger evicted that fresh key at once, so every new customer was asked for twice. A name replaced by
-- another still evicts.
DROP TRIGGER contacts_cache ON contacts;
CREATE TRIGGER contacts_cache AFTER UPDATE ON contacts
    FOR EACH ROW WHEN (OLD.display_name IS NOT NULL AND OLD.display_name IS DISTINCT FROM NEW.display_name)
    EXECUTE FUNCTION socialsync_notify_contact();
