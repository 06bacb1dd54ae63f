#!/usr/bin/env bash
# A slow model must not slow anyone else down: the whole pipeline with an OpenAI-compatible stub answering every call
# after a delay. The same offered rate runs with the stub answering slowly, then at once; prints the most AI calls
# held at once (goal >= 1000 per replica) and the batches' lateness of both runs.
# Arguments: [conversations/s (250)] [seconds (20)] [delay ms (5000)]. See bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q package -DskipTests -pl bench -am
export SOCIALSYNC_OUTBOUND_LIMITS_ENABLED="${SOCIALSYNC_OUTBOUND_LIMITS_ENABLED:-false}"
export SOCIALSYNC_BATCH_WINDOW="${SOCIALSYNC_BATCH_WINDOW:-1s}"
exec java -cp "bench/target/socialsync-bench.jar" io.socialsync.bench.SlowAi "$@"
