-- Issue 17: outbound limits shared by replicas. A plan without its own messages per minute takes the platform's
-- default ([PLATFORM]_RATE_LIMIT_REQUESTS_PER_MINUTE); a number may have its own throughput (Meta raises it up to
-- 1000 msg/s per number; coexistence numbers get 20).
ALTER TABLE plans ALTER COLUMN messages_per_minute DROP NOT NULL, ALTER COLUMN messages_per_minute DROP DEFAULT;
ALTER TABLE social_accounts ADD COLUMN throughput_per_second integer CHECK (throughput_per_second BETWEEN 1 AND 1000);
