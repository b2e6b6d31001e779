#!/usr/bin/env bash
# Example certificates for rpm-pipeline's device identity model, made with openssl (and keytool for Java trust
# stores). Good for a trial and for tests; in production the CAs' keys belong in your PKI (an HSM, cert-manager,
# a cloud CA), not on a disk next to the broker.
#
#   certs.sh ca <name>                          <name>.crt and <name>.key: a self-signed CA
#   certs.sh server <ca> <name> <subjectAltName> a broker certificate, e.g. "DNS:mqtt.example.org,IP:10.0.0.5"
#   certs.sh client <ca> <common-name>          a client certificate whose CN is the MQTT user name: a device
#                                               id for devices and hubs, rpm-gateway for the gateway
#   certs.sh keystore <name> <ca> <password-file>   <name>.p12: the client certificate, its key and the CA, for
#                                               the gateway's rpm.mqtt.keystore
#   certs.sh truststore <ca> <password-file>    <ca>.p12: the CA as a trusted certificate, for rpm.mqtt.truststore
#
# Store passwords are read from files (at least 6 characters, as keytool requires).
# Files are written to the current directory. DAYS (default 825) sets the validity of what is issued.
set -euo pipefail

days="${DAYS:-825}"
# The gateway's device-id syntax: a CN outside it could smuggle a topic level ('/') or a wildcard into the
# broker's %u ACL patterns, or name a device the gateway would refuse anyway.
id_pattern='^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$'

usage() {
  sed -n '2,15p' "$0" >&2
  exit 2
}

key() {
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1.key" 2>/dev/null
  chmod 600 "$1.key"
}

issue() { # <ca> <name> <cn> <extensions>
  local ca="$1" name="$2" cn="$3" ext
  ext="$(mktemp)"
  printf '%s\n' "$4" > "$ext"
  key "$name"
  openssl req -new -key "$name.key" -subj "/CN=$cn" -out "$name.csr"
  openssl x509 -req -in "$name.csr" -CA "$ca.crt" -CAkey "$ca.key" -CAcreateserial -days "$days" -sha256 \
    -extfile "$ext" -out "$name.crt" 2>/dev/null
  rm -f "$ext" "$name.csr"
}

[ $# -ge 1 ] || usage
case "$1" in
  ca)
    [ $# -eq 2 ] || usage
    key "$2"
    openssl req -x509 -new -key "$2.key" -subj "/CN=$2" -days "$days" -sha256 \
      -addext "basicConstraints=critical,CA:TRUE,pathlen:0" -addext "keyUsage=critical,keyCertSign,cRLSign" \
      -out "$2.crt"
    ;;
  server)
    [ $# -eq 4 ] || usage
    issue "$2" "$3" "$3" "basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=$4"
    ;;
  client)
    [ $# -eq 3 ] || usage
    if ! [[ "$3" =~ $id_pattern ]]; then
      echo "certs.sh: common name must match $id_pattern (a device id), was \"$3\"" >&2
      exit 2
    fi
    issue "$2" "$3" "$3" "basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=clientAuth"
    ;;
  keystore)
    [ $# -eq 4 ] || usage
    openssl pkcs12 -export -in "$2.crt" -inkey "$2.key" -certfile "$3.crt" -name "$2" \
      -passout "file:$4" -out "$2.p12"
    ;;
  truststore)
    [ $# -eq 3 ] || usage
    rm -f "$2.p12"
    keytool -importcert -noprompt -alias "$2" -file "$2.crt" -keystore "$2.p12" -storetype PKCS12 \
      -storepass:file "$3" >/dev/null
    ;;
  *)
    usage
    ;;
esac
