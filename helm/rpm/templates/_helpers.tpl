{{/* Names, labels, images and the pod pieces every component shares. */}}

{{- define "rpm.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "rpm.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 35 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 35 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 35 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* The name of one component's resources: {{ include "rpm.componentName" (list $ "device-gateway") }} */}}
{{- define "rpm.componentName" -}}
{{- $root := index . 0 -}}
{{- printf "%s-%s" (include "rpm.fullname" $root) (index . 1) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "rpm.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "rpm.selectorLabels" -}}
{{- $root := index . 0 -}}
app.kubernetes.io/name: {{ include "rpm.name" $root }}
app.kubernetes.io/instance: {{ $root.Release.Name }}
app.kubernetes.io/component: {{ index . 1 }}
{{- end -}}

{{- define "rpm.labels" -}}
{{- $root := index . 0 -}}
{{ include "rpm.selectorLabels" . }}
app.kubernetes.io/version: {{ $root.Chart.AppVersion | quote }}
app.kubernetes.io/part-of: rpm-pipeline
app.kubernetes.io/managed-by: {{ $root.Release.Service }}
helm.sh/chart: {{ include "rpm.chart" $root }}
{{- with $root.Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{- define "rpm.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "rpm.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* registry/repository:tag for a component: (list $ .Values.gateway) */}}
{{- define "rpm.image" -}}
{{- $root := index . 0 -}}
{{- $component := index . 1 -}}
{{- $tag := $component.image.tag | default $root.Values.image.tag | default $root.Chart.AppVersion -}}
{{- printf "%s/%s:%s" (trimSuffix "/" $root.Values.image.registry) $component.image.repository $tag -}}
{{- end -}}

{{/* A scalar as text; whole numbers print without an exponent (YAML numbers arrive as float64). */}}
{{- define "rpm.scalar" -}}
{{- if and (kindIs "float64" .) (eq . (floor .)) -}}
{{- int64 . -}}
{{- else -}}
{{- toString . -}}
{{- end -}}
{{- end -}}

{{/* A properties file from a component's config map of rpm.* / kafka.* keys, sorted. */}}
{{- define "rpm.properties" -}}
{{- range $key := keys . | sortAlpha }}
{{ $key }}={{ include "rpm.scalar" (index $ $key) }}
{{- end }}
{{- end -}}

{{/* Pod-level settings shared by every workload. */}}
{{- define "rpm.podSpecCommon" -}}
{{- $root := index . 0 -}}
{{- $component := index . 1 -}}
serviceAccountName: {{ include "rpm.serviceAccountName" $root }}
automountServiceAccountToken: false
enableServiceLinks: false
securityContext:
  {{- toYaml $root.Values.podSecurityContext | nindent 2 }}
{{- with $root.Values.image.pullSecrets }}
imagePullSecrets:
  {{- range . }}
  - name: {{ . }}
  {{- end }}
{{- end }}
{{- with $component.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with $component.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with $component.affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- end -}}

{{/* Pod annotations: Prometheus scrape hints, then shared, then the component's own. (list $ component port) */}}
{{- define "rpm.podAnnotations" -}}
{{- $root := index . 0 -}}
{{- $component := index . 1 -}}
{{- $port := index . 2 -}}
{{- if and $root.Values.metrics.podAnnotations $port }}
prometheus.io/scrape: "true"
prometheus.io/port: {{ $port | quote }}
prometheus.io/path: /metrics
{{- end }}
{{- with $root.Values.podAnnotations }}
{{ toYaml . }}
{{- end }}
{{- with $component.podAnnotations }}
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* Probes on the service's health endpoints. */}}
{{- define "rpm.probes" -}}
startupProbe:
  httpGet:
    path: /health/live
    port: http
  periodSeconds: 5
  failureThreshold: 36
livenessProbe:
  httpGet:
    path: /health/live
    port: http
  periodSeconds: 10
  timeoutSeconds: 3
  failureThreshold: 3
readinessProbe:
  httpGet:
    path: /health/ready
    port: http
  periodSeconds: 5
  timeoutSeconds: 3
  failureThreshold: 3
{{- end -}}

{{/* Environment every component gets: the config file and the component's extraEnv come last in the container. */}}
{{- define "rpm.configFileEnv" -}}
- name: RPM_CONFIG_FILE
  value: /etc/rpm/config/application.properties
{{- end -}}

{{/* Kafka connection and security. Credentials come from Secrets only. */}}
{{- define "rpm.kafkaEnv" -}}
{{- $kafka := .Values.kafka -}}
- name: RPM_KAFKA_BOOTSTRAP_SERVERS
  value: {{ $kafka.bootstrapServers | quote }}
- name: RPM_KAFKA_PROPERTY_SECURITY_PROTOCOL
  value: {{ $kafka.securityProtocol | quote }}
{{- if hasPrefix "SASL_" $kafka.securityProtocol }}
- name: RPM_KAFKA_PROPERTY_SASL_MECHANISM
  value: {{ $kafka.sasl.mechanism | quote }}
- name: RPM_KAFKA_PROPERTY_SASL_JAAS_CONFIG
  valueFrom:
    secretKeyRef:
      name: {{ required "kafka.sasl.existingSecret is required when kafka.securityProtocol is SASL_*" $kafka.sasl.existingSecret }}
      key: {{ $kafka.sasl.jaasConfigKey }}
{{- end }}
{{- if hasSuffix "SSL" $kafka.securityProtocol }}
{{- if $kafka.tls.caSecret }}
- name: RPM_KAFKA_PROPERTY_SSL_TRUSTSTORE_TYPE
  value: PEM
- name: RPM_KAFKA_PROPERTY_SSL_TRUSTSTORE_LOCATION
  value: /etc/rpm/kafka-ca/{{ $kafka.tls.caKey }}
{{- end }}
{{- if $kafka.tls.clientSecret }}
- name: RPM_KAFKA_PROPERTY_SSL_KEYSTORE_TYPE
  value: PEM
- name: RPM_KAFKA_PROPERTY_SSL_KEYSTORE_CERTIFICATE_CHAIN
  valueFrom:
    secretKeyRef:
      name: {{ $kafka.tls.clientSecret }}
      key: {{ $kafka.tls.clientCertKey }}
- name: RPM_KAFKA_PROPERTY_SSL_KEYSTORE_KEY
  valueFrom:
    secretKeyRef:
      name: {{ $kafka.tls.clientSecret }}
      key: {{ $kafka.tls.clientKeyKey }}
{{- end }}
{{- end }}
{{- range $name := keys $kafka.properties | sortAlpha }}
- name: RPM_KAFKA_PROPERTY_{{ $name | upper | replace "." "_" | replace "-" "_" }}
  value: {{ include "rpm.scalar" (index $kafka.properties $name) | quote }}
{{- end }}
{{- end -}}

{{- define "rpm.kafkaVolumeMounts" -}}
{{- if and (hasSuffix "SSL" .Values.kafka.securityProtocol) .Values.kafka.tls.caSecret }}
- name: kafka-ca
  mountPath: /etc/rpm/kafka-ca
  readOnly: true
{{- end }}
{{- end -}}

{{- define "rpm.kafkaVolumes" -}}
{{- if and (hasSuffix "SSL" .Values.kafka.securityProtocol) .Values.kafka.tls.caSecret }}
- name: kafka-ca
  secret:
    secretName: {{ .Values.kafka.tls.caSecret }}
    defaultMode: 0440
    items:
      - key: {{ .Values.kafka.tls.caKey }}
        path: {{ .Values.kafka.tls.caKey }}
{{- end }}
{{- end -}}

{{/* MQTT connection; the password is a mounted Secret file. */}}
{{- define "rpm.mqttEnv" -}}
{{- $mqtt := .Values.mqtt -}}
- name: RPM_MQTT_URL
  value: {{ $mqtt.url | quote }}
{{- if $mqtt.username }}
- name: RPM_MQTT_USERNAME
  value: {{ $mqtt.username | quote }}
{{- end }}
{{- if $mqtt.existingSecret }}
- name: RPM_MQTT_PASSWORD_FILE
  value: /etc/rpm/mqtt-auth/{{ $mqtt.passwordKey }}
{{- end }}
{{- end -}}

{{- define "rpm.mqttVolumeMounts" -}}
{{- if .Values.mqtt.existingSecret }}
- name: mqtt-auth
  mountPath: /etc/rpm/mqtt-auth
  readOnly: true
{{- end }}
{{- end -}}

{{- define "rpm.mqttVolumes" -}}
{{- if .Values.mqtt.existingSecret }}
- name: mqtt-auth
  secret:
    secretName: {{ .Values.mqtt.existingSecret }}
    defaultMode: 0440
    items:
      - key: {{ .Values.mqtt.passwordKey }}
        path: {{ .Values.mqtt.passwordKey }}
{{- end }}
{{- end -}}

{{/* MQTT TLS stores for the gateway (RPM_MQTT_TRUSTSTORE / RPM_MQTT_KEYSTORE and their password files). */}}
{{- define "rpm.mqttTlsEnv" -}}
{{- $tls := .Values.mqtt.tls -}}
{{- if $tls.truststoreSecret }}
- name: RPM_MQTT_TRUSTSTORE
  value: /etc/rpm/mqtt-truststore/{{ $tls.truststoreKey }}
{{- if $tls.truststorePasswordKey }}
- name: RPM_MQTT_TRUSTSTORE_PASSWORD_FILE
  value: /etc/rpm/mqtt-truststore{{ if $tls.truststorePasswordSecret }}-password{{ end }}/{{ $tls.truststorePasswordKey }}
{{- end }}
{{- end }}
{{- if $tls.keystoreSecret }}
- name: RPM_MQTT_KEYSTORE
  value: /etc/rpm/mqtt-keystore/{{ $tls.keystoreKey }}
{{- if $tls.keystorePasswordKey }}
- name: RPM_MQTT_KEYSTORE_PASSWORD_FILE
  value: /etc/rpm/mqtt-keystore{{ if $tls.keystorePasswordSecret }}-password{{ end }}/{{ $tls.keystorePasswordKey }}
{{- end }}
{{- end }}
{{- end -}}

{{- define "rpm.mqttTlsVolumeMounts" -}}
{{- $tls := .Values.mqtt.tls -}}
{{- if $tls.truststoreSecret }}
- name: mqtt-truststore
  mountPath: /etc/rpm/mqtt-truststore
  readOnly: true
{{- if and $tls.truststorePasswordKey $tls.truststorePasswordSecret }}
- name: mqtt-truststore-password
  mountPath: /etc/rpm/mqtt-truststore-password
  readOnly: true
{{- end }}
{{- end }}
{{- if $tls.keystoreSecret }}
- name: mqtt-keystore
  mountPath: /etc/rpm/mqtt-keystore
  readOnly: true
{{- if and $tls.keystorePasswordKey $tls.keystorePasswordSecret }}
- name: mqtt-keystore-password
  mountPath: /etc/rpm/mqtt-keystore-password
  readOnly: true
{{- end }}
{{- end }}
{{- end -}}

{{- define "rpm.mqttTlsVolumes" -}}
{{- $tls := .Values.mqtt.tls -}}
{{- if $tls.truststoreSecret }}
- name: mqtt-truststore
  secret:
    secretName: {{ $tls.truststoreSecret }}
    defaultMode: 0440
    items:
      - key: {{ $tls.truststoreKey }}
        path: {{ $tls.truststoreKey }}
      {{- if and $tls.truststorePasswordKey (not $tls.truststorePasswordSecret) }}
      - key: {{ $tls.truststorePasswordKey }}
        path: {{ $tls.truststorePasswordKey }}
      {{- end }}
{{- if and $tls.truststorePasswordKey $tls.truststorePasswordSecret }}
- name: mqtt-truststore-password
  secret:
    secretName: {{ $tls.truststorePasswordSecret }}
    defaultMode: 0440
    items:
      - key: {{ $tls.truststorePasswordKey }}
        path: {{ $tls.truststorePasswordKey }}
{{- end }}
{{- end }}
{{- if $tls.keystoreSecret }}
- name: mqtt-keystore
  secret:
    secretName: {{ $tls.keystoreSecret }}
    defaultMode: 0440
    items:
      - key: {{ $tls.keystoreKey }}
        path: {{ $tls.keystoreKey }}
      {{- if and $tls.keystorePasswordKey (not $tls.keystorePasswordSecret) }}
      - key: {{ $tls.keystorePasswordKey }}
        path: {{ $tls.keystorePasswordKey }}
      {{- end }}
{{- if and $tls.keystorePasswordKey $tls.keystorePasswordSecret }}
- name: mqtt-keystore-password
  secret:
    secretName: {{ $tls.keystorePasswordSecret }}
    defaultMode: 0440
    items:
      - key: {{ $tls.keystorePasswordKey }}
        path: {{ $tls.keystorePasswordKey }}
{{- end }}
{{- end }}
{{- end -}}

{{/* The writable /tmp and the component's properties file. (list $ "device-gateway") */}}
{{- define "rpm.baseVolumeMounts" -}}
- name: tmp
  mountPath: /tmp
- name: config
  mountPath: /etc/rpm/config
  readOnly: true
{{- end -}}

{{- define "rpm.baseVolumes" -}}
{{- $root := index . 0 -}}
- name: tmp
  emptyDir:
    sizeLimit: 256Mi
- name: config
  configMap:
    name: {{ include "rpm.componentName" (list $root (index . 1)) }}-config
{{- end -}}

{{/* The component's properties-file ConfigMap. (list $ "device-gateway" .Values.gateway) */}}
{{- define "rpm.configMap" -}}
{{- $root := index . 0 -}}
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ include "rpm.componentName" (list $root (index . 1)) }}-config
  labels:
    {{- include "rpm.labels" (list $root (index . 1)) | nindent 4 }}
data:
  application.properties: |
    # Extra settings of {{ index . 1 }}; environment variables set by the chart take precedence.
    {{- with include "rpm.properties" (index . 2).config | trim }}{{ . | nindent 4 }}{{ end }}
{{- end -}}

{{/* A PodDisruptionBudget. (list $ "device-gateway" .Values.gateway) */}}
{{- define "rpm.pdb" -}}
{{- $root := index . 0 -}}
{{- $component := index . 2 -}}
{{- if and $component.enabled $component.pdb.enabled }}
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: {{ include "rpm.componentName" (list $root (index . 1)) }}
  labels:
    {{- include "rpm.labels" (list $root (index . 1)) | nindent 4 }}
spec:
  maxUnavailable: {{ $component.pdb.maxUnavailable }}
  selector:
    matchLabels:
      {{- include "rpm.selectorLabels" (list $root (index . 1)) | nindent 6 }}
{{- end }}
{{- end -}}

{{/* A ServiceMonitor for a component's Service. (list $ "device-gateway" .Values.gateway) */}}
{{- define "rpm.serviceMonitor" -}}
{{- $root := index . 0 -}}
{{- $component := index . 2 -}}
{{- if and $component.enabled $root.Values.metrics.serviceMonitor.enabled }}
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata:
  name: {{ include "rpm.componentName" (list $root (index . 1)) }}
  labels:
    {{- include "rpm.labels" (list $root (index . 1)) | nindent 4 }}
    {{- with $root.Values.metrics.serviceMonitor.labels }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
spec:
  selector:
    matchLabels:
      {{- include "rpm.selectorLabels" (list $root (index . 1)) | nindent 6 }}
  endpoints:
    - port: http
      path: /metrics
      interval: {{ $root.Values.metrics.serviceMonitor.interval | default "30s" }}
      scrapeTimeout: {{ $root.Values.metrics.serviceMonitor.scrapeTimeout | default "10s" }}
{{- end }}
{{- end -}}

{{/* Egress rules: DNS, plus the named egress blocks. (list $ "kafka" "mqtt") */}}
{{- define "rpm.egressRules" -}}
{{- $root := index . 0 -}}
{{- $np := $root.Values.networkPolicy -}}
- ports:
    {{- range $np.dns.ports }}
    - protocol: UDP
      port: {{ . }}
    - protocol: TCP
      port: {{ . }}
    {{- end }}
  {{- with $np.dns.to }}
  to:
    {{- toYaml . | nindent 4 }}
  {{- end }}
{{- range $name := rest . }}
{{- $rule := index $np $name }}
- ports:
    {{- range $rule.ports }}
    - protocol: TCP
      port: {{ . }}
    {{- end }}
  {{- with $rule.to }}
  to:
    {{- toYaml . | nindent 4 }}
  {{- end }}
{{- end }}
{{- end -}}

{{/* Ingress rule for scraping metrics on the http port. */}}
{{- define "rpm.metricsIngressRule" -}}
{{- $root := index . 0 -}}
{{- with $root.Values.networkPolicy.metricsFrom }}
- from:
    {{- toYaml . | nindent 4 }}
  ports:
    - protocol: TCP
      port: http
{{- end }}
{{- end -}}
