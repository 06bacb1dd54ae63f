-- Issue 15: WhatsApp and Instagram as they are in 2026.

-- Identity. A contact keeps the key it was created with (platform_contact_id: a WhatsApp BSUID when the first
-- delivery carried one, else the phone number); every id the platform ever gave the same customer points at it
-- through contact_identities, so a customer who hides their number, changes it, or gets a new BSUID stays one
-- conversation with one history. The columns hold the current value of each id, for sending and for people.
ALTER TABLE contacts
    ADD COLUMN wa_id                text,
    ADD COLUMN user_id              text,
    ADD COLUMN parent_user_id       text,
    ADD COLUMN username             text,
    ADD COLUMN marketing_opt_out_at timestamptz,
    ADD COLUMN unreachable_at       timestamptz;

UPDATE contacts c SET wa_id = c.platform_contact_id
FROM social_accounts a
WHERE a.id = c.account_id AND a.platform = 'whatsapp' AND c.platform_contact_id ~ '^[0-9]+$';

CREATE TABLE contact_identities (
    account_id  uuid NOT NULL REFERENCES social_accounts (id),
    identifier  text NOT NULL,
    contact_id  uuid NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    kind        text NOT NULL CHECK (kind IN ('wa_id', 'user_id', 'parent_user_id')),
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (account_id, identifier)
);
CREATE INDEX contact_identities_contact ON contact_identities (contact_id);

-- Instagram's handover protocol: while another app owns the thread, SocialSync stores and answers nothing.
ALTER TABLE conversations
    ADD COLUMN thread_owner    text NOT NULL DEFAULT 'us' CHECK (thread_owner IN ('us', 'other')),
    ADD COLUMN call_permission text CHECK (call_permission IN ('accept', 'reject'));

-- What the platform told about a conversation that is not a message: calls, permission replies, identity changes,
-- blocks, welcome requests, thread ownership, preferences. A redelivery finds its row and adds nothing.
CREATE TABLE conversation_events (
    id              bigserial PRIMARY KEY,
    conversation_id uuid NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    kind            text NOT NULL,
    attributes      jsonb NOT NULL DEFAULT '{}'::jsonb,
    occurred_at     timestamptz NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX conversation_events_once ON conversation_events (conversation_id, kind, occurred_at, attributes);

-- A customer's edits: applied to a message still waiting for its answer, recorded beside an answered one.
CREATE TABLE message_edits (
    message_id  uuid NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    edited_at   timestamptz NOT NULL,
    text        text,
    applied     boolean NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (message_id, edited_at)
);

-- What Meta will bill for an outbound message (status webhooks' pricing block, per-message pricing since 2025).
ALTER TABLE messages
    ADD COLUMN billable         boolean,
    ADD COLUMN pricing_model    text,
    ADD COLUMN pricing_category text,
    ADD COLUMN pricing_type     text;

-- The platform's own word on an account (WhatsApp account_update: restriction, disabled, offboarded, reconnected).
ALTER TABLE social_accounts
    ADD COLUMN platform_status        text,
    ADD COLUMN platform_status_detail text,
    ADD COLUMN platform_status_at     timestamptz;

-- Message templates of a WhatsApp Business Account, as Meta reports them (status, quality, category).
CREATE TABLE whatsapp_templates (
    waba_id        text NOT NULL,
    template_id    text NOT NULL,
    name           text,
    language       text,
    status         text,
    quality        text,
    category       text,
    reason         text,
    updated_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (waba_id, template_id)
);

-- The 24-hour customer-service window closed (or would before the reply could go out): a person must answer,
-- with an approved template on WhatsApp.
ALTER TABLE escalations DROP CONSTRAINT escalations_reason_check;
ALTER TABLE escalations ADD CONSTRAINT escalations_reason_check CHECK (reason IN (
    'low_confidence', 'no_credits', 'human_replied', 'operator', 'held_too_old', 'send_unconfirmed', 'send_failed',
    'window_closed'));
