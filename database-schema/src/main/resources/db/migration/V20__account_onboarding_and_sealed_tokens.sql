-- Issue 14: accounts connected through the admin API, tokens encrypted at rest.
--
-- access_token now holds a sealed value, enc:<key id>:<base64 AES-256-GCM ciphertext>; token_key_id names the key
-- beside it, so a rotation finds the rows still under an older key. SQL cannot encrypt (the keys live outside the
-- database): each service seals the plaintext rows it finds at start (StoredTokens in token-crypto).
--
-- The pipeline's view of an account stays active + flagged_reason:
--   active                                  -> active
--   NOT active AND flagged_reason IS NOT NULL -> needs_reconnect (the platform's reason)
--   NOT active AND flagged_reason IS NULL     -> inactive (deactivated on purpose)
ALTER TABLE social_accounts
    ADD COLUMN token_key_id text,
    ADD COLUMN waba_id      text,
    ADD COLUMN checked_at   timestamptz;
