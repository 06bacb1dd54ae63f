#!/usr/bin/env bash
# Ingest throughput against the PostgreSQL single-row INSERT … ON CONFLICT ceiling (pgbench), same server, one run.
# See bench/README.md. Loopback only; 3½-4½ minutes. BENCH_STEP_SECONDS (default 8) sets each step's length.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v pgbench >/dev/null || { echo "pgbench is required (e.g. apt-get install postgresql-client)"; exit 2; }
./mvnw -B -q package -DskipTests -pl bench -am
exec java -cp "bench/target/socialsync-bench.jar" io.socialsync.bench.IngestThroughput "$@"
