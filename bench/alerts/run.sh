#!/usr/bin/env bash
# Alert-service benchmark (docs/BENCHMARKS.md, "Alert service"): readings -> FHIR Observations/s vs HAPI's bare
# encode rate (the ceiling), findings -> notifications/s, finding -> notification latency, and CPU per reading vs
# per bare encode. Both are measured warm: the ceiling after a full encode pass, the pipeline after 12 passes of
# readings; the pipeline's figure is the median of the next five passes.
# Usage: bench/alerts/run.sh [readings-per-pass=50000] [findings=2000] [latency-samples=300]
#        [server-max-resources=100000]
# Writes bench/alerts/results.md and the table between the alerts-bench markers in docs/BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
# one reactor build with the modules it depends on (-am): the project's own modules resolve to their
# target/classes, so nothing needs to be installed in ~/.m2 first (a fresh clone after ./mvnw -B verify works)
./mvnw -B -q test-compile dependency:build-classpath -pl alert-service -am -Dmdep.includeScope=test \
    -Dmdep.outputFile=target/bench.classpath
CP="alert-service/target/test-classes:alert-service/target/classes:$(cat alert-service/target/bench.classpath)"
# the in-process FHIR server keeps up to 100,000 Observations (about 220 MB); -Xmx6g leaves room to raise that
table=$(java -Xmx6g -cp "$CP" org.rpmpipeline.alerts.bench.AlertBenchmark "$@" | grep '^|')
{
  echo "Run $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores, args: ${*:-defaults}"
  echo
  echo "$table"
} >bench/alerts/results.md
cat bench/alerts/results.md
python3 - "$(cat bench/alerts/results.md)" <<'PY'
import re, sys
path = "docs/BENCHMARKS.md"
text = open(path).read()
block = "<!-- alerts-bench:begin -->\n" + sys.argv[1] + "\n<!-- alerts-bench:end -->"
text = re.sub(r"<!-- alerts-bench:begin -->.*?<!-- alerts-bench:end -->", lambda m: block, text, flags=re.S)
open(path, "w").write(text)
PY
