#!/usr/bin/env bash
# End-to-end latency of the local stack: webhook POST -> reply at the Graph API sandbox, 20 customers.
# See bench/README.md. SOCIALSYNC_BATCH_WINDOW (default 2s) sets the batching window under test.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q package -DskipTests
exec java -cp bench/target/socialsync-bench.jar io.socialsync.bench.EndToEndLatency "$@"
