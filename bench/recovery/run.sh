#!/usr/bin/env bash
# Crash recovery under load (docs/BENCHMARKS.md, "Crash recovery").
#
#   bench/recovery/run.sh                                  # 300 messages/s from 2,000 devices
#   RATE=300 WARMUP=60s INTERVAL=120s SERVICES=processor bench/recovery/run.sh
#
# Embedded Kafka and MQTT brokers run in the benchmark's JVM; the gateway, the stream processor and the alert
# service run as separate JVMs (./rpm gateway|processor|alerts), the simulator as a fourth (./rpm simulate
# --verify). After WARMUP each service in turn is killed with SIGKILL and started again at once, INTERVAL apart.
# Reported per service: seconds from the restart to /health/ready, and to drained (processor and alert service:
# consumer group backlog <= DRAINED_LAG records; gateway: a second's readings all within 2 s of their publish).
# Exits non-zero when the simulator's verification finds a lost message or a duplicate notification.
set -euo pipefail
cd "$(dirname "$0")/../.."

RATE=${RATE:-300}
PATIENTS=${PATIENTS:-500}                  # x 4 devices = 2,000 devices
WARMUP=${WARMUP:-60s}
INTERVAL=${INTERVAL:-120s}
SERVICES=${SERVICES:-gateway,processor,alerts}
DRAINED_LAG=${DRAINED_LAG:-500}
MEMBERSHIP=${MEMBERSHIP:-static}           # static (instance ids) or dynamic
OUT=bench/results/recovery-$(date -u +%Y%m%dT%H%M%SZ)

./rpm --version >/dev/null                 # builds the assembly when it is missing or stale
mkdir -p "$OUT"
echo "results in $OUT (load average: $(cut -d' ' -f1-3 /proc/loadavg))"
membership=--static-membership
[ "$MEMBERSHIP" = dynamic ] && membership=--no-static-membership
java -Xmx1g -cp "all-in-one/target/rpm-all-in-one.jar:all-in-one/target/lib/*" \
    org.rpmpipeline.demo.bench.RecoveryBench --rate "$RATE" --patients "$PATIENTS" --warmup "$WARMUP" \
    --interval "$INTERVAL" --services "$SERVICES" --drained-lag "$DRAINED_LAG" "$membership" \
    --results-dir "$OUT" --docs docs/BENCHMARKS.md 2>"$OUT/bench.err" | tee "$OUT/bench.log"
