#!/usr/bin/env bash
# Processor benchmark: full rule set vs pass-through throughput, and threshold finding latency.
# Usage: bench/processor/run.sh [readings=200000] [patients=1000] [latency-samples=2000]
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -B -q test-compile -pl stream-processor
./mvnw -B -q dependency:build-classpath -pl stream-processor -Dmdep.includeScope=test \
    -Dmdep.outputFile=target/bench.classpath
CP="stream-processor/target/test-classes:stream-processor/target/classes:$(cat stream-processor/target/bench.classpath)"
exec java -Xmx1g -cp "$CP" org.rpmpipeline.processor.bench.ProcessorBenchmark "$@"
