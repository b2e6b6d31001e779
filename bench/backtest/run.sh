#!/usr/bin/env bash
# Backtest benchmark (docs/BENCHMARKS.md, "Rule backtest"): a simulated cohort's history (default 1,000 patients,
# 30 days plus a day of warm-up, realistic cadences) is published straight to rpm.readings on an embedded broker
# and backtested (bundled rules against a lower heart-rate threshold); the processor benchmark's rule-set rate is
# measured in the same run, on the same machine, for the side-by-side ratio (target >= 0.5).
# Usage: bench/backtest/run.sh [patients=1000] [days=30] [mix=deteriorating:0.05,hf:0.15,diabetes:0.15,hypertension:0.15]
# Environment: BACKTEST_HEAP (default 3g), BACKTEST_THREADS (rpm.backtest.threads, default the machine's cores).
# Writes bench/backtest/results.md and puts the table at the top of the backtest-bench block in
# docs/BENCHMARKS.md, keeping the three latest runs. The machine may be shared with other work: the table says
# what the load average was before and after.
set -euo pipefail
cd "$(dirname "$0")/../.."
./mvnw -B -q -pl rule-backtest -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile=target/bench.classpath
SP_CP="stream-processor/target/test-classes:stream-processor/target/classes:$(cat stream-processor/target/bench.classpath)"
BT_CP="rule-backtest/target/test-classes:rule-backtest/target/classes:$(cat rule-backtest/target/bench.classpath)"
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

processor=$(java -Xmx1g -cp "$SP_CP" org.rpmpipeline.processor.bench.ProcessorBenchmark 200000 1000 200 2>/dev/null \
    | grep '^| full default rule set' | sed -E 's/.*\| ([0-9]+) readings\/s \|/\1/')
backtest_table=$(java -Xmx"${BACKTEST_HEAP:-3g}" ${BACKTEST_THREADS:+-Drpm.backtest.threads=$BACKTEST_THREADS} \
    -cp "$BT_CP" org.rpmpipeline.backtest.bench.BacktestBenchmark "$@" 2>/dev/null | grep '^|')
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
backtest=$(echo "$backtest_table" | grep '^| backtest rate' | sed -E 's/.*\| ([0-9]+) readings\/s \|/\1/')
ratio=$(python3 -c "print(f'{$backtest / $processor:.2f}')")
shared=$(python3 -c "
before = float('$load_before'.split()[0]); after = float('$load_after'.split()[0]); cores = $(nproc)
print('yes' if max(before, after) > 0.5 * cores else 'no')")

{
  echo "Run $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores, command: \`bench/backtest/run.sh${*:+ $*}\`"
  echo
  echo "$backtest_table"
  echo "| processor benchmark, full default rule set (same run, \`ProcessorBenchmark 200000 1000\`) | $processor readings/s |"
  echo "| ratio backtest / processor rule set (target >= 0.5) | $ratio |"
  echo "| load average before / after (1, 5, 15 min) | $load_before / $load_after |"
  echo "| machine shared with other work | $shared |"
} >bench/backtest/results.md
cat bench/backtest/results.md
python3 - "$(cat bench/backtest/results.md)" <<'PY'
import re, sys
path = "docs/BENCHMARKS.md"
text = open(path).read()
begin, end = "<!-- backtest-bench:begin -->", "<!-- backtest-bench:end -->"
match = re.search(re.escape(begin) + r"\n(.*?)" + re.escape(end), text, flags=re.S)
previous = [run.strip() for run in re.split(r"\n(?=Run )", match.group(1).strip()) if run.startswith("Run ")] if match else []
block = begin + "\n" + "\n\n".join([sys.argv[1].strip()] + previous[:2]) + "\n" + end
if match:
    text = text[:match.start()] + block + text[match.end():]
else:
    text = text.rstrip("\n") + "\n\n" + block + "\n"
open(path, "w").write(text)
PY
