#!/usr/bin/env bash
# Processor benchmark (docs/BENCHMARKS.md, "Stream processor"): full rule set vs pass-through throughput, and
# threshold finding latency.
# Usage: bench/processor/run.sh [readings=200000] [patients=1000] [latency-samples=2000]
# Writes bench/processor/results.md and puts the table at the top of the processor-bench block in
# docs/BENCHMARKS.md, keeping the three latest runs (the machine is shared: compare ratios of one run, and the
# spread between runs).
set -euo pipefail
cd "$(dirname "$0")/../.."
# one reactor build with the modules it depends on (-am): the project's own modules resolve to their
# target/classes, so nothing needs to be installed in ~/.m2 first (a fresh clone after ./mvnw -B verify works)
./mvnw -B -q test-compile dependency:build-classpath -pl stream-processor -am -Dmdep.includeScope=test \
    -Dmdep.outputFile=target/bench.classpath
CP="stream-processor/target/test-classes:stream-processor/target/classes:$(cat stream-processor/target/bench.classpath)"
table=$(java -Xmx1g -cp "$CP" org.rpmpipeline.processor.bench.ProcessorBenchmark "$@" 2>/dev/null | grep '^|')
{
  echo "Run $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores, command: \`bench/processor/run.sh${*:+ $*}\`"
  echo
  echo "$table"
} >bench/processor/results.md
cat bench/processor/results.md
python3 - "$(cat bench/processor/results.md)" <<'PY'
import re, sys
path = "docs/BENCHMARKS.md"
text = open(path).read()
begin, end = "<!-- processor-bench:begin -->", "<!-- processor-bench:end -->"
match = re.search(re.escape(begin) + r"\n(.*?)" + re.escape(end), text, flags=re.S)
previous = [run.strip() for run in re.split(r"\n(?=Run )", match.group(1).strip()) if run.startswith("Run ")] if match else []
block = begin + "\n" + "\n\n".join([sys.argv[1].strip()] + previous[:2]) + "\n" + end
if match:
    text = text[:match.start()] + block + text[match.end():]
else:
    text = text.rstrip("\n") + "\n\n" + block + "\n"
open(path, "w").write(text)
PY
