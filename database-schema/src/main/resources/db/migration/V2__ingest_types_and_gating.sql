-- Issue 3: every message type, plan gating, cache invalidation.
--
-- Caches (DESIGN §3) live in Redis for 1 h. Whoever changes a cached row need not know about Redis: these triggers
-- announce the cache key of every changed row on the channel `socialsync_cache` (pg_notify, delivered at commit),
-- and every ingest replica LISTENs and deletes the keys it is told. The TTL bounds staleness if a notice is lost
-- (a replica reconnecting).
--   credentials:{platform}:{platform_account_id}          social_accounts, and its tenant's plan
--   {platform}_profile:{platform_contact_id}                contacts
--   conversation:{social_accounts.id}:{platform_contact_id} conversations (ai_enabled, status)

CREATE FUNCTION socialsync_notify_account() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        PERFORM pg_notify('socialsync_cache', 'credentials:' || OLD.platform || ':' || OLD.platform_account_id);
    END IF;
    IF TG_OP <> 'DELETE' THEN
        PERFORM pg_notify('socialsync_cache', 'credentials:' || NEW.platform || ':' || NEW.platform_account_id);
    END IF;
    RETURN NULL;
END $$;

-- INSERT too: ingest caches "no such account" for a short while, and a new account must end that at once.
CREATE TRIGGER social_accounts_cache AFTER INSERT OR UPDATE OR DELETE ON social_accounts
    FOR EACH ROW EXECUTE FUNCTION socialsync_notify_account();

CREATE FUNCTION socialsync_notify_tenant() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('socialsync_cache', 'credentials:' || a.platform || ':' || a.platform_account_id)
    FROM social_accounts a WHERE a.tenant_id = NEW.id;
    RETURN NULL;
END $$;

CREATE TRIGGER tenants_cache AFTER UPDATE OF plan_code ON tenants
    FOR EACH ROW WHEN (OLD.plan_code IS DISTINCT FROM NEW.plan_code)
    EXECUTE FUNCTION socialsync_notify_tenant();

CREATE FUNCTION socialsync_notify_plan() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('socialsync_cache', 'credentials:' || a.platform || ':' || a.platform_account_id)
    FROM social_accounts a JOIN tenants t ON t.id = a.tenant_id WHERE t.plan_code = NEW.code;
    RETURN NULL;
END $$;

CREATE TRIGGER plans_cache AFTER UPDATE ON plans
    FOR EACH ROW EXECUTE FUNCTION socialsync_notify_plan();

CREATE FUNCTION socialsync_notify_contact() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('socialsync_cache', a.platform || '_profile:' || NEW.platform_contact_id)
    FROM social_accounts a WHERE a.id = NEW.account_id;
    RETURN NULL;
END $$;

-- Only a changed name: the upsert on every message touches the row without changing it.
CREATE TRIGGER contacts_cache AFTER UPDATE ON contacts
    FOR EACH ROW WHEN (OLD.display_name IS DISTINCT FROM NEW.display_name)
    EXECUTE FUNCTION socialsync_notify_contact();

CREATE FUNCTION socialsync_notify_conversation() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('socialsync_cache', 'conversation:' || NEW.account_id || ':' || k.platform_contact_id)
    FROM contacts k WHERE k.id = NEW.contact_id;
    RETURN NULL;
END $$;

-- Only what a cached conversation holds: every inbound message moves last_message_at, which is not cached.
CREATE TRIGGER conversations_cache AFTER UPDATE ON conversations
    FOR EACH ROW WHEN (OLD.ai_enabled IS DISTINCT FROM NEW.ai_enabled OR OLD.status IS DISTINCT FROM NEW.status)
    EXECUTE FUNCTION socialsync_notify_conversation();

-- Statuses of our replies are matched on the platform's message id alone (a status names no conversation).
-- The unique key (account_id, platform_message_id) already serves that lookup.
