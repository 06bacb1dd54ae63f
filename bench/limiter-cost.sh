#!/usr/bin/env bash
# What the shared outbound limiter (responder outbound_limit.lua) costs a reply at 1 000 replies/s: Redis round
# trips per reply, latency p50/p99 next to a bare round trip at the same rate, and Redis's time per call.
# Arguments: [replies per second (1000)] [seconds (10)] [accounts (2000)]. See bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q package -DskipTests -pl bench -am
exec java -cp "bench/target/socialsync-bench.jar" io.socialsync.bench.LimiterCost "$@"
