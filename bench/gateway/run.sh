#!/usr/bin/env bash
# Device-gateway benchmark (docs/BENCHMARKS.md, "Device gateway"): N JSON readings at QoS 1 through the gateway
# vs a naive pass-through (Paho auto-ack -> Kafka, no validation), same run, on an embedded Kafka broker with
# HiveMQ CE in the JVM and with a Mosquitto process (skipped if mosquitto is not installed).
# Usage: bench/gateway/run.sh [messages=50000] [hivemq|mosquitto|both=both]
# Each path runs [messages] twice, alternating; the table gives each path's fastest round.
# Writes bench/gateway/results.md and the table between the gateway-bench markers in docs/BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
messages="${1:-50000}"
brokers="${2:-both}"
[ "$brokers" = both ] && brokers="hivemq mosquitto"
# one reactor build with the modules it depends on (-am): the project's own modules resolve to their
# target/classes, so nothing needs to be installed in ~/.m2 first (a fresh clone after ./mvnw -B verify works)
./mvnw -B -q test-compile dependency:build-classpath -pl device-gateway -am -Dmdep.includeScope=test \
    -Dmdep.outputFile=target/bench.classpath
CP="device-gateway/target/test-classes:device-gateway/target/classes:$(cat device-gateway/target/bench.classpath)"
{
  echo "Run $(date -u +%Y-%m-%dT%H:%MZ) on $(nproc) cores (load average before: $(cut -d' ' -f1 /proc/loadavg)),"
  echo "command: \`bench/gateway/run.sh $messages ${2:-both}\`"
  for broker in $brokers; do
    if [ "$broker" = mosquitto ] && ! command -v mosquitto >/dev/null && [ ! -x /usr/sbin/mosquitto ]; then
      echo; echo "Mosquitto: not installed, skipped"; continue
    fi
    echo
    java -Xmx1g ${BENCH_JAVA_OPTS:-} -cp "$CP" org.rpmpipeline.gateway.bench.GatewayBenchmark "$messages" "$broker" \
      | grep -E '^(\||Broker)' | sed '/^Broker/G'
  done
} >bench/gateway/results.md
cat bench/gateway/results.md
python3 - "$(cat bench/gateway/results.md)" <<'PY'
import re, sys
path = "docs/BENCHMARKS.md"
text = open(path).read()
block = "<!-- gateway-bench:begin -->\n" + sys.argv[1] + "\n<!-- gateway-bench:end -->"
text = re.sub(r"<!-- gateway-bench:begin -->.*?<!-- gateway-bench:end -->", lambda m: block, text, flags=re.S)
open(path, "w").write(text)
PY
