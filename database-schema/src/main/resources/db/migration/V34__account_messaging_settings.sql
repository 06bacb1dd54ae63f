-- Issue 15 (responder): how an account answers outside the AI's reply, set per account through the accounts API.
-- The template a person's reply goes out as once the 24-hour customer-service window has closed (WhatsApp), and
-- the welcome message sent when a customer opens the chat for the first time (request_welcome).
CREATE TABLE account_messaging (
    account_id                     uuid PRIMARY KEY REFERENCES social_accounts (id) ON DELETE CASCADE,
    window_template_name           text,
    window_template_language       text,
    window_template_text_parameter boolean NOT NULL DEFAULT true,
    welcome_text                   text,
    updated_at                     timestamptz NOT NULL DEFAULT now(),
    CHECK ((window_template_name IS NULL) = (window_template_language IS NULL))
);

-- Usage shows what Meta will bill: outbound messages of an account over a billing period.
CREATE INDEX IF NOT EXISTS messages_outbound_pricing ON messages (account_id, sent_at)
    WHERE direction = 'outbound';
