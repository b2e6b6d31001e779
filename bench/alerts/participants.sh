#!/usr/bin/env bash
# What the Patient/Device entries of the FHIR transactions cost per reading (docs/BENCHMARKS.md, "Alert service"),
# and for comparison a generated narrative on every Observation: bundles of 250 Observations encoded and delivered
# to the in-process FHIR server without the entries, with patients and devices seen for the first time in every
# bundle, with the same ones again (remembered by the writer), and without the entries but each Observation with a
# one-line narrative, in rotating rounds in one JVM. Prints the whole JVM's CPU time per reading of each.
# Usage: bench/alerts/participants.sh [rounds=20] [bundles-per-round=40]
set -euo pipefail
cd "$(dirname "$0")/../.."
# one reactor build with the modules it depends on (-am): the project's own modules resolve to their
# target/classes, so nothing needs to be installed in ~/.m2 first
./mvnw -B -q test-compile dependency:build-classpath -pl alert-service -am -Dmdep.includeScope=test \
    -Dmdep.outputFile=target/bench.classpath
CP="alert-service/target/test-classes:alert-service/target/classes:$(cat alert-service/target/bench.classpath)"
echo "Run $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), args: ${*:-defaults}"
java -Xmx3g -cp "$CP" org.rpmpipeline.alerts.bench.ParticipantCostBenchmark "$@" | grep '^|'
