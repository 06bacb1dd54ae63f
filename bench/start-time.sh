#!/usr/bin/env bash
# How long each packaged service takes from `java` to ready, with its manifest's JVM options: several starts each;
# on JDK 25 or newer (the images' JDK) also with the ahead-of-time cache the image build trains. Prints every start,
# the medians and their ratio to the 3 s goal. Arguments: [starts per variant (3)]. The JDK: BENCH_JAVA (default
# `java`), e.g. BENCH_JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java. See bench/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q package -DskipTests -pl bench -am
exec "${BENCH_JAVA:-java}" -cp "bench/target/socialsync-bench.jar" io.socialsync.bench.StartTime "$@"
