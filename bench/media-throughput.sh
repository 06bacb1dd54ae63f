#!/usr/bin/env bash
# Media: photos fetched, resized and stored per second on one thread (per core), 1 MP and 12 MP, with an instant
# fake Graph API (WireMock on loopback); then message stored -> media ready p50/p99 with the responder's fetchers.
# Options as system properties: -Dbench.photos.1mp=60 -Dbench.photos.12mp=12 -Dbench.latency.messages=100.
# See bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
log=$(mktemp)
./mvnw -B -pl responder-service -am verify -Dtest=MediaThroughputBench -Dsurefire.failIfNoSpecifiedTests=false \
    -Dit.test=NONE "$@" > "$log" 2>&1 || { tail -40 "$log"; exit 1; }
grep -A3 -E "^Media fetched" "$log"
grep -E "^Message stored" "$log"
rm -f "$log"
