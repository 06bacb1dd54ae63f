#!/usr/bin/env bash
# Reply throughput of the whole pipeline: the three packaged services, the offline (instant) AI and the Graph API
# sandbox; customers writing bursts of 1-3 messages at increasing offered rates (conversations per second). Prints per
# rate replies/s, lateness p50/p99, webhook-to-reply minus the window, CPU per reply of each process, a profile of the
# responder at the highest rate, and the highest rate sustained with lateness p99 <= 50 ms over the ingest ceiling
# (pgbench) measured in the same run. Arguments: [rates... (100 250 500 750 1000)]. See bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q package -DskipTests -pl bench -am
# One account answers everything here: the outbound limiter's per-number pacing is measured by limiter-cost.sh.
export SOCIALSYNC_OUTBOUND_LIMITS_ENABLED="${SOCIALSYNC_OUTBOUND_LIMITS_ENABLED:-false}"
export SOCIALSYNC_BATCH_WINDOW="${SOCIALSYNC_BATCH_WINDOW:-1s}"
exec java -cp "bench/target/socialsync-bench.jar" io.socialsync.bench.ReplyThroughput "$@"
