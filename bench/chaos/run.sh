#!/usr/bin/env bash
# Chaos benchmark (docs/BENCHMARKS.md, "Crashes under load"): every component in its own process — a Kafka broker
# (KRaft, broker and controller), Mosquitto, `./rpm gateway`, `./rpm processor`, `./rpm alerts` and a care-team
# receiver (a webhook endpoint and an SMTP server) — under load from `./rpm simulate --verify`, while the gateway,
# the Kafka broker, the stream processor and the alert service are killed with SIGKILL in turn and started again
# (the alert service while it delivers: right after the receiver took a webhook). Then it counts, at each channel,
# the deliveries that arrived more than once, next to what Kafka holds.
#
#   bench/chaos/run.sh                 # 500 patients x 4 devices at 300 messages/s for 200 s, kills at 30/70/110/150 s
#   PATIENTS=250 RATE=150 DURATION=120s KILL_AT="20 45 70 95" bench/chaos/run.sh
#
# Environment: PATIENTS, MIX, RATE, DURATION, KILL_AT (seconds into the run, one per KILL_ORDER entry),
# KILL_ORDER (gateway kafka processor alerts, in any order, repeats allowed), DOWN_FOR (seconds a killed process
# stays down, default 5), SETTLE (how long --verify waits without progress for a missing reading, and then for
# nothing new before it counts, default 120s),
# WEBHOOK_DELAY_MS (how long the webhook endpoint takes to answer, default 200),
# PORT_BASE (default 19000: Kafka +92, controller +93, MQTT +83, alerts +80, gateway +81, processor +82,
# webhook +90, SMTP +25). Needs mosquitto (apt-get install mosquitto). Results stay in bench/results/chaos-<time>/;
# the table goes to bench/chaos/results.md and between the chaos-bench markers of docs/BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/../.."

PATIENTS=${PATIENTS:-500}
MIX=${MIX:-deteriorating:0.1}
RATE=${RATE:-300}
DURATION=${DURATION:-200s}
KILL_AT=${KILL_AT:-"30 70 110 150"}
KILL_ORDER=${KILL_ORDER:-"gateway kafka processor alerts"}
DOWN_FOR=${DOWN_FOR:-5}
SETTLE=${SETTLE:-120s}
WEBHOOK_DELAY_MS=${WEBHOOK_DELAY_MS:-200}
PORT_BASE=${PORT_BASE:-19000}
KAFKA_PORT=$((PORT_BASE + 92)); CONTROLLER_PORT=$((PORT_BASE + 93)); MQTT_PORT=$((PORT_BASE + 83))
ALERTS_PORT=$((PORT_BASE + 80)); GATEWAY_PORT=$((PORT_BASE + 81)); PROCESSOR_PORT=$((PORT_BASE + 82))
WEBHOOK_PORT=$((PORT_BASE + 90)); SMTP_PORT=$((PORT_BASE + 25))
BOOTSTRAP=127.0.0.1:$KAFKA_PORT

read -r -a kill_at <<<"$KILL_AT"
read -r -a kill_order <<<"$KILL_ORDER"
[ "${#kill_at[@]}" -eq "${#kill_order[@]}" ] || { echo "KILL_AT and KILL_ORDER differ in length" >&2; exit 2; }
MOSQUITTO=$(command -v mosquitto || echo /usr/sbin/mosquitto)
[ -x "$MOSQUITTO" ] || { echo "mosquitto is not installed (apt-get install mosquitto)" >&2; exit 2; }

LOAD_BEFORE=$(cut -d' ' -f1 /proc/loadavg)
COMMAND="PATIENTS=$PATIENTS MIX=$MIX RATE=$RATE DURATION=$DURATION KILL_AT=\"$KILL_AT\" KILL_ORDER=\"$KILL_ORDER\" \
DOWN_FOR=$DOWN_FOR SETTLE=$SETTLE WEBHOOK_DELAY_MS=$WEBHOOK_DELAY_MS bench/chaos/run.sh"
OUT=bench/results/chaos-$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
echo "results in $OUT"

# the assembly (./rpm) and the bench tools (alert-service test classes); one reactor build each, no ~/.m2 needed
./rpm --help >/dev/null
./mvnw -B -q test-compile dependency:build-classpath -pl alert-service -am -Dmdep.includeScope=test \
    -Dmdep.outputFile=target/bench.classpath
TOOLS="alert-service/target/test-classes:alert-service/target/classes:$(cat alert-service/target/bench.classpath)"
LIB="all-in-one/target/rpm-all-in-one.jar:all-in-one/target/lib/*"

declare -A pid=()
declare -A starts=()
stop_all() {
  for name in "${!pid[@]}"; do kill "${pid[$name]}" 2>/dev/null || true; done
  for name in "${!pid[@]}"; do wait "${pid[$name]}" 2>/dev/null || true; done
}
trap stop_all EXIT

await_http() {  # name url
  for _ in $(seq 1 300); do
    curl -fs -o /dev/null "$2" && return 0
    kill -0 "${pid[$1]}" 2>/dev/null || { echo "$1 stopped; see $OUT/$1-*.log" >&2; exit 1; }
    sleep 1
  done
  echo "$1 not ready after 300 s" >&2; exit 1
}
await_ready() {  # name: the component and, after Kafka, every service that uses it
  case $1 in
    kafka) await_ready gateway; await_ready processor; await_ready alerts ;;
    gateway) await_http gateway "http://127.0.0.1:$GATEWAY_PORT/health/ready" ;;
    processor) await_http processor "http://127.0.0.1:$PROCESSOR_PORT/health/ready" ;;
    alerts) await_http alerts "http://127.0.0.1:$ALERTS_PORT/health/ready" ;;
  esac
}

# --- Kafka: one KRaft node as its own JVM, data kept across kills
cat >"$OUT/kafka.properties" <<EOF
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$OUT/kafka-data
num.partitions=3
offsets.topic.replication.factor=1
offsets.topic.num.partitions=3
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=3
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
EOF
java -cp "$LIB" kafka.tools.StorageTool format -t "$(java -cp "$LIB" kafka.tools.StorageTool random-uuid)" \
    -c "$OUT/kafka.properties" >"$OUT/kafka-format.log" 2>&1
start_kafka() {
  starts[kafka]=$((${starts[kafka]:-0} + 1))
  java -Xmx1g -cp "$LIB" kafka.Kafka "$OUT/kafka.properties" \
      >"$OUT/kafka-${starts[kafka]}.log" 2>&1 &
  pid[kafka]=$!
  for _ in $(seq 1 300); do
    (exec 3<>"/dev/tcp/127.0.0.1/$KAFKA_PORT") 2>/dev/null && return 0
    kill -0 "${pid[kafka]}" 2>/dev/null || { echo "Kafka stopped; see $OUT/kafka-*.log" >&2; exit 1; }
    sleep 1
  done
  echo "Kafka not listening after 300 s" >&2; exit 1
}

# --- Mosquitto (not killed: it keeps the gateway's persistent session while the gateway is down)
cat >"$OUT/mosquitto.conf" <<EOF
persistence false
log_dest stderr
log_type error
log_type warning
listener $MQTT_PORT 127.0.0.1
allow_anonymous true
max_queued_messages 1000000
EOF
start_mosquitto() {
  "$MOSQUITTO" -c "$OUT/mosquitto.conf" >"$OUT/mosquitto.log" 2>&1 &
  pid[mosquitto]=$!
}

# --- the care team's receiver
head -c 32 /dev/urandom | base64 | tr -d '\n' | sed 's/^/whsec_/' >"$OUT/webhook-secret"
start_receiver() {
  java -Xmx256m -cp "$TOOLS" org.rpmpipeline.alerts.bench.DeliveryReceiver "$OUT" "$WEBHOOK_PORT" "$SMTP_PORT" \
      "$OUT/webhook-secret" "$WEBHOOK_DELAY_MS" >"$OUT/receiver.log" 2>&1 &
  pid[receiver]=$!
}

# --- the services, each as ./rpm runs it; info logs so the console channel's lines are kept
service_env=(RPM_KAFKA_BOOTSTRAP_SERVERS="$BOOTSTRAP" RPM_MQTT_URL="tcp://127.0.0.1:$MQTT_PORT")
start_gateway() {
  starts[gateway]=$((${starts[gateway]:-0} + 1))
  env "${service_env[@]}" RPM_GATEWAY_HTTP_PORT="$GATEWAY_PORT" RPM_GATEWAY_CLIENT_ID=rpm-gateway-chaos \
      RPM_GATEWAY_BINDINGS_FILE="$OUT/bindings.csv" RPM_JAVA_OPTS="-Xmx512m" \
      ./rpm gateway >"$OUT/gateway-${starts[gateway]}.log" 2>&1 &
  pid[gateway]=$!
}
start_processor() {
  starts[processor]=$((${starts[processor]:-0} + 1))
  env "${service_env[@]}" RPM_PROCESSOR_HTTP_PORT="$PROCESSOR_PORT" RPM_PROCESSOR_STATE_DIR="$OUT/processor-state" \
      RPM_JAVA_OPTS="-Xmx1g" ./rpm processor >"$OUT/processor-${starts[processor]}.log" 2>&1 &
  pid[processor]=$!
}
start_alerts() {
  starts[alerts]=$((${starts[alerts]:-0} + 1))
  env "${service_env[@]}" RPM_ALERTS_HTTP_PORT="$ALERTS_PORT" RPM_ALERTS_CHANNELS=console,webhook,email \
      RPM_ALERTS_DEFAULT_RECIPIENT=care-team@ward.example RPM_ALERTS_WEBHOOK_URL="http://127.0.0.1:$WEBHOOK_PORT/hook" \
      RPM_ALERTS_WEBHOOK_SECRET_FILE="$OUT/webhook-secret" RPM_ALERTS_SMTP_HOST=127.0.0.1 \
      RPM_ALERTS_SMTP_PORT="$SMTP_PORT" RPM_ALERTS_SMTP_FROM=rpm-alerts@chaos.example \
      RPM_JAVA_OPTS="-Xmx1g -Dtinylog.writer.level=info" ./rpm alerts >"$OUT/alerts-${starts[alerts]}.log" 2>&1 &
  pid[alerts]=$!
}

cohort=(--scenario cohort --patients "$PATIENTS" --mix "$MIX" --seed 11)
./rpm simulate "${cohort[@]}" --export-bindings "$OUT/bindings.csv" >/dev/null

start_mosquitto
start_kafka
java -cp "$TOOLS" org.rpmpipeline.alerts.bench.ChaosKafka create-topics "$BOOTSTRAP" 3
start_receiver
start_gateway
start_processor
start_alerts
await_ready kafka
echo "stack ready: Kafka $BOOTSTRAP, MQTT $MQTT_PORT; simulating $RATE messages/s for $DURATION"

# a restart takes a while: --verify waits as long for a missing reading as for the last finding or notification
RPM_SIM_VERIFY_GRACE="$SETTLE" RPM_SIM_VERIFY_SETTLE="$SETTLE" RPM_SIM_VERIFY_TIMEOUT=30m RPM_JAVA_OPTS="-Xmx512m" \
    ./rpm simulate "${cohort[@]}" --rate "$RATE" \
    --duration "$DURATION" --connections 20 --mqtt-url "tcp://127.0.0.1:$MQTT_PORT" \
    --kafka-bootstrap-servers "$BOOTSTRAP" --verify --progress 10s --client-id bench-chaos \
    --results-dir "$OUT/simulate" >"$OUT/simulate.log" 2>&1 &
sim=$!
# the clock starts with the first publish; each kill waits until the previous component is ready again
until grep -q "^simulating" "$OUT/simulate.log"; do
  kill -0 "$sim" 2>/dev/null || { echo "the simulator stopped; see $OUT/simulate.log" >&2; exit 1; }
  sleep 1
done
started=$(date +%s)
kills=()
for i in "${!kill_order[@]}"; do
  name=${kill_order[$i]}
  while [ $(($(date +%s) - started)) -lt "${kill_at[$i]}" ]; do sleep 1; done
  # the alert service is killed while it delivers: right after the receiver took a notification (at most 300 s)
  if [ "$name" = alerts ]; then
    seen=$(wc -l <"$OUT/webhook.log")
    for _ in $(seq 1 1500); do [ "$(wc -l <"$OUT/webhook.log")" -gt "$seen" ] && break; sleep 0.2; done
  fi
  at=$(($(date +%s) - started))
  note=""
  [ "$name" = alerts ] && note=" (after the receiver's webhook no. $(wc -l <"$OUT/webhook.log"))"
  echo "$(date -u +%H:%M:%S) +${at}s kill -9 $name (pid ${pid[$name]})"
  kill -9 "${pid[$name]}"
  wait "${pid[$name]}" 2>/dev/null || true
  sleep "$DOWN_FOR"
  "start_$name"
  await_ready "$name"
  echo "$(date -u +%H:%M:%S) +$(($(date +%s) - started))s $name ready again"
  kills+=("$name at ${at}s$note")
done
wait "$sim" || true
echo "$(date -u +%H:%M:%S) simulator done"

# before counting, the pipeline must have caught up: the processor's and the alert service's consumer groups
# committed past every reading and finding, and no delivery arrived for 30 s (at most 30 minutes)
lag() { java -cp "$TOOLS" org.rpmpipeline.alerts.bench.ChaosKafka lag "$BOOTSTRAP" "$1" "$2" 2>/dev/null || echo -1; }
deliveries() { cat "$OUT/webhook.log" "$OUT/email.log" | wc -l; }
last=$(deliveries); quiet_since=$(date +%s); deadline=$(($(date +%s) + 1800))
while [ "$(date +%s)" -lt "$deadline" ]; do
  sleep 10
  now=$(deliveries)
  [ "$now" != "$last" ] && { last=$now; quiet_since=$(date +%s); }
  [ $(($(date +%s) - quiet_since)) -lt 30 ] && continue
  [ "$(lag rpm-stream-processor rpm.readings)" = 0 ] && [ "$(lag rpm-alert-service-findings rpm.findings)" = 0 ] \
      && break
done
if [ "$(date +%s)" -lt "$deadline" ]; then
  echo "$(date -u +%H:%M:%S) pipeline caught up (readings and findings consumed, no delivery for 30 s)"
else
  echo "$(date -u +%H:%M:%S) pipeline did NOT catch up in 30 minutes: counting anyway" | tee "$OUT/not-drained"
fi

# what the last alert service found already delivered and did not send again
curl -fs "http://127.0.0.1:$ALERTS_PORT/metrics" | awk '/^rpm_alerts_notifications_repeats_skipped_total/ {s += $NF}
    END {printf "%d\n", s}' >"$OUT/repeats-skipped.txt" || echo "n/a" >"$OUT/repeats-skipped.txt"
# stop the services and the receiver cleanly (the receiver logs the last emails on its way out)
for name in gateway processor alerts receiver; do kill "${pid[$name]}" 2>/dev/null || true; wait "${pid[$name]}" 2>/dev/null || true; unset "pid[$name]"; done
java -cp "$TOOLS" org.rpmpipeline.alerts.bench.ChaosKafka count "$BOOTSTRAP" >"$OUT/kafka-counts.txt"

python3 - "$OUT" "$RATE" "$DURATION" "$PATIENTS" "$(IFS=,; echo "${kills[*]}")" "$DOWN_FOR" "$COMMAND" \
    "$(nproc)" "$LOAD_BEFORE" <<'PY'
import collections, glob, json, os, re, sys
out, rate, duration, patients, kills, down, command, cores, load = sys.argv[1:10]
kills = ", ".join(kills.split(","))
def counts(ids):
    c = collections.Counter(ids)
    return len(ids), len(c), sum(n - 1 for n in c.values())
web = [l.split() for l in open(os.path.join(out, "webhook.log")) if l.strip()]
webhook = counts([w[0] for w in web])
invalid = sum(1 for w in web if w[1] != "valid")
email = counts([l.strip() for l in open(os.path.join(out, "email.log")) if l.strip()])
console_ids = []
for f in sorted(glob.glob(os.path.join(out, "alerts-*.log"))):
    console_ids += re.findall(r"ALERT \[alert: [^\]]*notification: ([0-9a-f-]+)\]", open(f).read())
console = counts(console_ids)
kafka = dict(l.strip().split("=", 1) for l in open(os.path.join(out, "kafka-counts.txt")) if "=" in l)
skipped = open(os.path.join(out, "repeats-skipped.txt")).read().strip()
results = os.path.join(out, "simulate", "results.json")
v = json.load(open(results)) if os.path.exists(results) else {}
verify = v.get("verify") or {}
stats = v.get("stats") or {}
rows = [
    "| channel | received | distinct notifications | repeats | committed on `rpm.notifications` (distinct) |",
    "|---|---|---|---|---|",
    f"| webhook | {webhook[0]} | {webhook[1]} | {webhook[2]} | {kafka.get('notifications.committed.unique.webhook')} |",
    f"| email (SMTP) | {email[0]} | {email[1]} | {email[2]} | {kafka.get('notifications.committed.unique.email')} |",
    f"| console | {console[0]} | {console[1]} | {console[2]} | {kafka.get('notifications.committed.unique.console')} |",
]
kafka_line = (f"Kafka: `rpm.notifications` read committed {kafka.get('notifications.committed')} records, "
              f"{kafka.get('notifications.committed.unique')} distinct, {kafka.get('notifications.aborted')} more "
              f"in aborted transactions; `rpm.notification-deliveries` {kafka.get('deliveries.records')} records, "
              f"{kafka.get('deliveries.unique')} distinct; deliveries the last alert service found there and did "
              f"not make again: {skipped}. Simulator (`--verify`, read committed): "
              f"published {stats.get('published')}, lost {verify.get('lost')}, duplicate readings "
              f"{verify.get('duplicateReadings')}, findings {verify.get('findings')}, notifications "
              f"{verify.get('notifications')}, duplicate notifications {verify.get('duplicateNotifications')}; "
              f"webhook signatures that did not verify: {invalid}.")
drained = "" if not os.path.exists(os.path.join(out, "not-drained")) else \
    "**The pipeline had not caught up after 30 minutes when this was counted.** "
text = (drained + f"Run `{os.path.basename(out)}` on {cores} cores (load average before: {load}), command: `{command}`. "
        f"{patients} patients x 4 devices at {rate} messages/s for {duration}, "
        f"SIGKILL, {down} s down, then restart (each once the previous was ready "
        f"again), seconds after the first publish: {kills}.\n\n" + "\n".join(rows) + "\n\n" + kafka_line + "\n")
open("bench/chaos/results.md", "w").write(text)
print(text)
path = "docs/BENCHMARKS.md"
doc = open(path).read()
begin, end = "<!-- chaos-bench:begin -->", "<!-- chaos-bench:end -->"
block = begin + "\n" + text + end
if begin in doc:
    doc = re.sub(re.escape(begin) + r".*?" + re.escape(end), lambda m: block, doc, flags=re.S)
else:
    doc = doc.rstrip("\n") + "\n\n" + block + "\n"
open(path, "w").write(doc)
PY
echo "docs/BENCHMARKS.md updated from $OUT"
