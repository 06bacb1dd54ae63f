-- Vector similarity for hybrid retrieval, only where the pgvector extension is installed on the server. Without it
-- (or without the right to create it) the migration succeeds and retrieval stays full-text only. The column has no
-- fixed dimension, so any embeddings model fits; chunks are filtered by tenant before they are compared.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'vector') THEN
        BEGIN
            CREATE EXTENSION IF NOT EXISTS vector;
        EXCEPTION WHEN insufficient_privilege THEN
            RAISE NOTICE 'pgvector is available but may not be created by this user: full-text retrieval only';
        END;
    END IF;
    IF EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'vector') THEN
        ALTER TABLE knowledge_chunks ADD COLUMN IF NOT EXISTS embedding vector;
    END IF;
END
$$;
