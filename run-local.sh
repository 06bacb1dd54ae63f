#!/usr/bin/env bash
# Builds SocialSync and runs the whole stack on this machine (embedded PostgreSQL and Redis unless
# QUARKUS_DATASOURCE_REACTIVE_URL / QUARKUS_REDIS_HOSTS are set). See deploy/local/README.md.
set -euo pipefail
cd "$(dirname "$0")"
./mvnw -B -q package -DskipTests
exec java -jar deploy/local/target/socialsync-local.jar "$@"
