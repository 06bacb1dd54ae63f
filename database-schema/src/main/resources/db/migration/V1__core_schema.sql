-- SocialSync core schema (DESIGN §4). PostgreSQL is the system of record: every customer message is
-- stored here before it is acknowledged to the platform.

CREATE TABLE plans (
    code                 text PRIMARY KEY,
    name                 text    NOT NULL,
    allows_images        boolean NOT NULL DEFAULT false,
    allows_audio         boolean NOT NULL DEFAULT false,
    allows_video         boolean NOT NULL DEFAULT false,
    allows_documents     boolean NOT NULL DEFAULT false,
    monthly_credits      integer NOT NULL CHECK (monthly_credits >= 0),
    ai_calls_per_batch   integer NOT NULL DEFAULT 1 CHECK (ai_calls_per_batch >= 1),
    messages_per_minute  integer NOT NULL DEFAULT 60 CHECK (messages_per_minute >= 1),
    max_message_tokens   integer NOT NULL DEFAULT 7000 CHECK (max_message_tokens >= 1),
    created_at           timestamptz NOT NULL DEFAULT now()
);

INSERT INTO plans (code, name, allows_images, allows_audio, allows_video, allows_documents,
                   monthly_credits, ai_calls_per_batch, messages_per_minute)
VALUES ('free',    'Free',    false, false, false, false,   100, 1,  20),
       ('starter', 'Starter', true,  false, false, true,   2000, 1,  60),
       ('pro',     'Pro',     true,  true,  true,  true,  20000, 3, 300);

CREATE TABLE tenants (
    id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    slug            text   NOT NULL UNIQUE,
    name            text   NOT NULL,
    plan_code       text   NOT NULL REFERENCES plans (code),
    credit_balance  bigint NOT NULL DEFAULT 0 CHECK (credit_balance >= 0),
    system_prompt   text,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);

-- Every change of a tenant's balance, with the balance it left; credits move only with an entry here.
CREATE TABLE credit_ledger (
    id             bigserial PRIMARY KEY,
    tenant_id      uuid   NOT NULL REFERENCES tenants (id),
    delta          bigint NOT NULL,
    balance_after  bigint NOT NULL CHECK (balance_after >= 0),
    reason         text   NOT NULL,
    batch_id       uuid,
    created_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX credit_ledger_tenant_created ON credit_ledger (tenant_id, created_at);

CREATE TABLE social_accounts (
    id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id            uuid NOT NULL REFERENCES tenants (id),
    platform             text NOT NULL CHECK (platform IN ('whatsapp', 'instagram', 'telegram')),
    platform_account_id  text NOT NULL,
    display_name         text,
    access_token         text,
    active               boolean NOT NULL DEFAULT true,
    flagged_reason       text,
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT social_accounts_platform_account_key UNIQUE (platform, platform_account_id)
);
CREATE INDEX social_accounts_tenant ON social_accounts (tenant_id);

CREATE TABLE contacts (
    id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    account_id           uuid NOT NULL REFERENCES social_accounts (id),
    platform_contact_id  text NOT NULL,
    display_name         text,
    created_at           timestamptz NOT NULL DEFAULT now(),
    updated_at           timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT contacts_account_contact_key UNIQUE (account_id, platform_contact_id)
);

CREATE TABLE conversations (
    id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id        uuid NOT NULL REFERENCES tenants (id),
    account_id       uuid NOT NULL REFERENCES social_accounts (id),
    contact_id       uuid NOT NULL REFERENCES contacts (id),
    ai_enabled       boolean NOT NULL DEFAULT true,
    status           text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'waiting_for_human', 'closed')),
    last_message_at  timestamptz,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT conversations_account_contact_key UNIQUE (account_id, contact_id)
);
CREATE INDEX conversations_tenant ON conversations (tenant_id);

-- Inbound status: received (stored, not yet answered) -> answered | failed | ignored.
-- Outbound status: sending -> sent -> delivered -> read, or failed.
CREATE TABLE messages (
    id                    uuid PRIMARY KEY,
    conversation_id       uuid NOT NULL REFERENCES conversations (id),
    account_id            uuid NOT NULL REFERENCES social_accounts (id),
    direction             text NOT NULL CHECK (direction IN ('inbound', 'outbound')),
    type                  text NOT NULL,
    text                  text,
    media_id              text,
    media_url             text,
    media_mime_type       text,
    reply_to_platform_id  text,
    token_count           integer NOT NULL DEFAULT 0,
    plan_allowed          boolean NOT NULL DEFAULT true,
    platform_message_id   text,
    status                text NOT NULL,
    status_detail         text,
    batch_id              uuid,
    sent_at               timestamptz NOT NULL,
    created_at            timestamptz NOT NULL DEFAULT now(),
    updated_at            timestamptz NOT NULL DEFAULT now(),
    -- A redelivered webhook finds its message here and is stored once, batched once.
    CONSTRAINT messages_account_platform_message_key UNIQUE (account_id, platform_message_id)
);
CREATE INDEX messages_conversation_sent ON messages (conversation_id, sent_at);
CREATE INDEX messages_batch ON messages (batch_id) WHERE batch_id IS NOT NULL;
-- What the reconciler scans: inbound messages stored but not yet answered.
CREATE INDEX messages_inbound_received ON messages (created_at) WHERE direction = 'inbound' AND status = 'received';

CREATE TABLE knowledge_documents (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id   uuid NOT NULL REFERENCES tenants (id),
    title       text NOT NULL,
    kind        text NOT NULL CHECK (kind IN ('text', 'markdown', 'faq')),
    content     text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX knowledge_documents_tenant ON knowledge_documents (tenant_id);

-- Retrieval units. English text search configuration: stemming makes "opening hours" find "open ... hour".
CREATE TABLE knowledge_chunks (
    id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    document_id    uuid NOT NULL REFERENCES knowledge_documents (id) ON DELETE CASCADE,
    tenant_id      uuid NOT NULL REFERENCES tenants (id),
    position       integer NOT NULL,
    content        text NOT NULL,
    search_vector  tsvector GENERATED ALWAYS AS (to_tsvector('english', content)) STORED,
    CONSTRAINT knowledge_chunks_document_position_key UNIQUE (document_id, position)
);
CREATE INDEX knowledge_chunks_search ON knowledge_chunks USING gin (search_vector);
CREATE INDEX knowledge_chunks_tenant ON knowledge_chunks (tenant_id);
