#!/usr/bin/env bash
# Per-component Kafka ACLs for rpm-pipeline: each service and tool has its own principal and only the operations
# it needs. The gateway in particular cannot write rpm.devices (device registration) or rpm.patient-thresholds
# (clinicians' overrides). Needs a cluster with an authorizer (StandardAuthorizer on KRaft) and
# allow.everyone.if.no.acl.found=false; see README.md in this folder.
#
#   BOOTSTRAP=kafka.example.org:9093 COMMAND_CONFIG=admin.properties ./acls.sh
#
# BOOTSTRAP        brokers (required)
# COMMAND_CONFIG   client properties of an admin principal (SASL/SSL settings); optional
# KAFKA_ACLS       the kafka-acls command (default kafka-acls.sh on the PATH)
# *_PRINCIPAL      principals, default User:rpm-gateway, User:rpm-processor, User:rpm-alerts, User:rpm-registration,
#                  User:rpm-clinician-tools, User:rpm-operator, User:rpm-backtest (mutual TLS principals look like
#                  User:CN=rpm-gateway)
# PROCESSOR_APP_ID rpm.processor.application-id (default rpm-stream-processor; the Helm chart uses rpm-processor)
# ALERTS_GROUP_ID  rpm.alerts.group-id (default rpm-alert-service)
set -euo pipefail

: "${BOOTSTRAP:?set BOOTSTRAP to the Kafka brokers (host:port)}"
gateway="${GATEWAY_PRINCIPAL:-User:rpm-gateway}"
processor="${PROCESSOR_PRINCIPAL:-User:rpm-processor}"
alerts="${ALERTS_PRINCIPAL:-User:rpm-alerts}"
registration="${REGISTRATION_PRINCIPAL:-User:rpm-registration}"
clinician="${CLINICIAN_TOOLS_PRINCIPAL:-User:rpm-clinician-tools}"
operator="${OPERATOR_PRINCIPAL:-User:rpm-operator}"
backtest="${BACKTEST_PRINCIPAL:-User:rpm-backtest}"
app_id="${PROCESSOR_APP_ID:-rpm-stream-processor}"
alerts_group="${ALERTS_GROUP_ID:-rpm-alert-service}"

acl() {
  local command=("${KAFKA_ACLS:-kafka-acls.sh}" --bootstrap-server "$BOOTSTRAP")
  if [ -n "${COMMAND_CONFIG:-}" ]; then
    command+=(--command-config "$COMMAND_CONFIG")
  fi
  "${command[@]}" --add "$@" >/dev/null
}

# device-gateway: writes readings, dead letters and device statuses; reads the device bindings from the beginning
# without a consumer group. Write on a topic also allows its idempotent producer (no IdempotentWrite needed).
acl --allow-principal "$gateway" --operation Write \
  --topic rpm.readings --topic rpm.rejected --topic rpm.device-status
acl --allow-principal "$gateway" --operation Read --topic rpm.devices

# stream-processor (Kafka Streams, exactly-once v2): its inputs and outputs (rpm.rejected is its dead-letter
# topic), every internal topic it creates (changelogs and repartition topics are named <application id>-...), its
# consumer group (the application id) and its transactional ids (<application id>-...).
acl --allow-principal "$processor" --operation Read \
  --topic rpm.readings --topic rpm.patient-thresholds --topic rpm.device-status
acl --allow-principal "$processor" --operation Write \
  --topic rpm.findings --topic rpm.adherence --topic rpm.rejected
acl --allow-principal "$processor" --operation All --resource-pattern-type prefixed --topic "$app_id-"
acl --allow-principal "$processor" --operation Read --group "$app_id"
acl --allow-principal "$processor" --operation Write --operation Describe \
  --resource-pattern-type prefixed --transactional-id "$app_id-"

# alert-service: reads findings and readings, restores its alerts and timers, writes FHIR resources, alerts,
# timers, notifications and audit events in transactions, and reads its own FHIR topics back to send them to the
# FHIR server; it also keeps a log of the notifications it delivered (rpm.notification-deliveries, read back after a
# restart); consumer groups and transactional ids start with "<group id>-".
acl --allow-principal "$alerts" --operation Read \
  --topic rpm.findings --topic rpm.readings --topic rpm.alerts --topic rpm.alert-timers \
  --topic rpm.observations --topic rpm.fhir-resources --topic rpm.notification-deliveries
acl --allow-principal "$alerts" --operation Write \
  --topic rpm.alerts --topic rpm.alert-timers --topic rpm.observations --topic rpm.fhir-resources \
  --topic rpm.notifications --topic rpm.notifications.dead-letter --topic rpm.notification-deliveries \
  --topic rpm.audit
acl --allow-principal "$alerts" --operation Read --resource-pattern-type prefixed --group "$alerts_group-"
acl --allow-principal "$alerts" --operation Write --operation Describe \
  --resource-pattern-type prefixed --transactional-id "$alerts_group-"

# Device registration (gateway register, kcat, your registration system): the device -> patient bindings.
acl --allow-principal "$registration" --operation Write --topic rpm.devices

# Clinicians' tools: per-patient threshold overrides.
acl --allow-principal "$clinician" --operation Write --topic rpm.patient-thresholds

# Operators: dead letters, for gateway replay (which also needs an MQTT identity that may publish on rpm/v1/#).
acl --allow-principal "$operator" --operation Read --topic rpm.rejected

# Rule backtests (./rpm backtest): read the history, the settings topics and the clinicians' snoozes; no consumer
# group (partitions assigned, no offsets committed), no writes.
acl --allow-principal "$backtest" --operation Read \
  --topic rpm.readings --topic rpm.patient-thresholds --topic rpm.device-status --topic rpm.alert-timers

echo "ACLs added for $gateway, $processor, $alerts, $registration, $clinician, $operator, $backtest"
