#!/usr/bin/env bash
# Claim lateness of the responder: 10 000 open conversation windows falling due over 40 s, instant offline AI,
# the Graph API sandbox on loopback. Prints lateness p50/p99 (goal p99 <= 50 ms), replies per second and the
# responder's peak RSS (after 3 000 uncounted warm-up
# conversations). Arguments: [conversations (10000)] [spread in seconds (40)]. See bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q package -DskipTests -pl bench -am
exec java -cp "bench/target/socialsync-bench.jar" io.socialsync.bench.ClaimLateness "$@"
