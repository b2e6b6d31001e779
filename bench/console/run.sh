#!/usr/bin/env bash
# Care-team console benchmark (docs/BENCHMARKS.md, "Care-team console"): on the embedded stack with the cohort
# scenario, the pipeline's end-to-end latency (reading measured -> finding) in runs without and with open consoles
# taking turns (pairs of runs after a two-minute warm-up), an alert change -> shown in every open console's
# worklist, and the worklist's first render time.
# Usage: bench/console/run.sh [patients=3000] [mix=deteriorating:0.025] [rate=2000] [duration=60s] [viewers=50]
#        [pairs=2]
# The machine should be otherwise idle: the script prints `uptime` before and after, and the table records it.
set -euo pipefail
cd "$(dirname "$0")/../.."
# one reactor build with the modules it depends on (-am): the project's own modules resolve to their
# target/classes, and the class path is the test scope's (the benchmark waits with Awaitility, a test library)
./mvnw -B -q test-compile dependency:build-classpath -pl all-in-one -am -Dmdep.includeScope=test \
    -Dmdep.outputFile=target/bench.classpath
CP="all-in-one/target/test-classes:all-in-one/target/classes:$(cat all-in-one/target/bench.classpath)"
before=$(uptime)
table=$(java -Xmx3g -Dtinylog.writer.level=error -cp "$CP" org.rpmpipeline.demo.console.ConsoleBenchmark "$@" \
    | grep -E '^\||^pipeline p99|^the viewers|^alerts that moved')
after=$(uptime)
{
  echo "Run $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores, args: ${*:-defaults}"
  echo "load before: ${before##*load average: }; after: ${after##*load average: }"
  echo
  echo "$table"
} >bench/console/results.md
cat bench/console/results.md
python3 - "$(cat bench/console/results.md)" <<'PY'
import re, sys
path = "docs/BENCHMARKS.md"
text = open(path).read()
block = "<!-- console-bench:begin -->\n" + sys.argv[1] + "\n<!-- console-bench:end -->"
text = re.sub(r"<!-- console-bench:begin -->.*?<!-- console-bench:end -->", lambda m: block, text, flags=re.S)
open(path, "w").write(text)
PY
