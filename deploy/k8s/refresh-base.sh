#!/usr/bin/env bash
# Regenerates the three services' manifests with quarkus-kubernetes and copies them into deploy/k8s/base/.
# Run after changing a service's quarkus.kubernetes.* properties or src/main/kubernetes/kubernetes.yml, then commit
# the result; the build's GeneratedManifestsInSyncTest fails until the committed copies match.
set -euo pipefail
cd "$(dirname "$0")/../.."
services=(ingest-service batcher-service responder-service)
./mvnw -B -q package -DskipTests -pl "$(IFS=,; echo "${services[*]}")" -am
for service in "${services[@]}"; do
  cp "$service/target/kubernetes/kubernetes.yml" "deploy/k8s/base/$service/kubernetes.yml"
  echo "refreshed deploy/k8s/base/$service/kubernetes.yml"
done
