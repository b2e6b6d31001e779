#!/usr/bin/env bash
# Coverage-guided fuzzing (docs/BENCHMARKS.md, "Fuzzing"): runs each Jazzer fuzz test in fuzzing mode
# (JAZZER_FUZZ=1) for a time budget and reports what it found. `./mvnw -B verify` only replays the committed inputs.
#
# Usage: bench/fuzz/run.sh [seconds-per-target=300] [target ...]
#   targets: gatt, vitals, status (default: all three)
#
# For each target: executions, coverage (libFuzzer's cov/ft counters), the size of the generated corpus
# (<module>/.cifuzz-corpus/<class>/<method>/, not committed) and every finding. Jazzer writes a finding (the
# input that failed an assertion or threw) into the fuzz test's inputs directory under src/test/resources, so
# after the bug is fixed it stays in the regression corpus: review it, fix the bug, commit the file. Exit status
# 1 when any target found something. Logs: bench/results/fuzz/<target>.log.
# Writes bench/fuzz/results.md and puts the table at the top of the fuzz block in docs/BENCHMARKS.md, keeping
# the three latest runs. The machine may be shared: executions per second depend on what else runs.
set -euo pipefail
cd "$(dirname "$0")/../.."

args="$*"
seconds=${1:-300}
[[ "$seconds" =~ ^[1-9][0-9]*$ ]] || { echo "seconds-per-target must be a positive integer, was '$seconds'" >&2; exit 2; }
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(gatt vitals status)

declare -A MODULE=([gatt]=ble-gatt [vitals]=device-gateway [status]=device-gateway)
declare -A TEST=(
  [gatt]=org.rpmpipeline.ble.GattCodecFuzzTest#decodeGattValue
  [vitals]=org.rpmpipeline.gateway.decode.VitalsJsonDecoderFuzzTest#decodeVitalsPayload
  [status]=org.rpmpipeline.gateway.decode.StatusJsonDecoderFuzzTest#decodeStatusPayload)
for target in "${targets[@]}"; do
  [ -n "${MODULE[$target]:-}" ] || { echo "unknown target '$target' (gatt, vitals, status)" >&2; exit 2; }
done

inputs_dir() { # module, Class#method -> the inputs directory Jazzer writes findings to
  local class=${2%#*} method=${2#*#}
  echo "$1/src/test/resources/$(dirname "${class//.//}")/$(basename "${class//.//}")Inputs/$method"
}

mkdir -p bench/results/fuzz
# one reactor build with the modules the targets depend on (-am), so nothing must be installed in ~/.m2 first
./mvnw -B -q -pl ble-gatt,device-gateway -am test-compile

rows=()
found_any=0
for target in "${targets[@]}"; do
  module=${MODULE[$target]} test=${TEST[$target]}
  dir=$(inputs_dir "$module" "$test")
  before=$(ls "$dir" 2>/dev/null | sort)
  log=bench/results/fuzz/$target.log
  echo "fuzzing $target ($test) for ${seconds} s; log $log"
  # Jazzer 0.24 takes the fuzzing time from @FuzzTest(maxDuration); libFuzzer arguments passed as the
  # jazzer.internal.arg.* configuration parameters come last on its command line, so this budget wins.
  set +e
  JAZZER_FUZZ=1 ./mvnw -B -pl "$module" -am test -Dtest="$test" -Dsurefire.failIfNoSpecifiedTests=false \
      -Djazzer.internal.arg.0=fuzz -Djazzer.internal.arg.1=-max_total_time="$seconds" >"$log" 2>&1
  status=$?
  set -e
  after=$(ls "$dir" 2>/dev/null | sort)
  findings=$(comm -13 <(echo "$before") <(echo "$after") | grep -v '^$' | tr '\n' ' ' || true)
  runs=$(grep -oE 'Done [0-9]+ runs in [0-9]+ second' "$log" | tail -1 | awk '{print $2 " in " $5 " s"}')
  cov=$(grep -oE 'cov: [0-9]+ ft: [0-9]+' "$log" | tail -1 | awk '{print $2 " / " $4}')
  class=${test%#*} method=${test#*#}
  corpus=$(ls "$module/.cifuzz-corpus/$class/$method" 2>/dev/null | wc -l)
  if [ $status -ne 0 ] || [ -n "$findings" ]; then
    found_any=1
    result="FINDING: ${findings:-see log} (exit $status)"
  else
    result="nothing found"
  fi
  rows+=("| $target | \`$test\` | ${runs:-?} | ${cov:-?} | $corpus | $result |")
done

{
  echo "Run $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores (load average $(cut -d' ' -f1-3 /proc/loadavg) at the end), command: \`bench/fuzz/run.sh${args:+ $args}\`"
  echo
  echo "| target | fuzz test | executions | coverage (cov / ft) | generated corpus | result |"
  echo "|---|---|---|---|---|---|"
  printf '%s\n' "${rows[@]}"
} >bench/fuzz/results.md
cat bench/fuzz/results.md
python3 - "$(cat bench/fuzz/results.md)" <<'PY'
import re, sys
path = "docs/BENCHMARKS.md"
text = open(path).read()
begin, end = "<!-- fuzz:begin -->", "<!-- fuzz:end -->"
match = re.search(re.escape(begin) + r"\n(.*?)" + re.escape(end), text, flags=re.S)
previous = [run.strip() for run in re.split(r"\n(?=Run )", match.group(1).strip()) if run.startswith("Run ")] if match else []
block = begin + "\n" + "\n\n".join([sys.argv[1].strip()] + previous[:2]) + "\n" + end
if match:
    text = text[:match.start()] + block + text[match.end():]
else:
    text = text.rstrip("\n") + "\n\n" + block + "\n"
open(path, "w").write(text)
PY
exit $found_any
