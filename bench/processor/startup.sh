#!/usr/bin/env bash
# The stream processor's first seconds under load (stream-processor/DESIGN.md, "Start-up under load"): an
# embedded broker and a freshly started processor, SpO2 readings at a steady rate from the moment it is ready.
# Prints per second what the processor got done, then the time from ready to the first finding and the commit
# cycle 5-18 s after ready. Run variants one after the other in the same session to compare them (the machine is
# shared: compare within a session, repeat each variant).
# Usage: bench/processor/startup.sh [rate=1000] [seconds=20] [patients=1000] [processor-setting=value ...]
#   e.g. bench/processor/startup.sh 1000 20 1000 rpm.processor.commit-interval=500ms
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -B -q test-compile dependency:build-classpath -pl stream-processor -am -Dmdep.includeScope=test \
    -Dmdep.outputFile=target/bench.classpath
CP="stream-processor/target/test-classes:stream-processor/target/classes:$(cat stream-processor/target/bench.classpath)"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
java -Xmx1g -cp "$CP" org.rpmpipeline.processor.bench.StartupBenchmark "$@" 2>/dev/null
