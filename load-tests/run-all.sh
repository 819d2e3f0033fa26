#!/usr/bin/env bash
# Reruns the whole load matrix (scenarios 01-06) against the packaged gateway; results in load-tests/results/.
# Usage (repository root): ./mvnw -B -q package -DskipTests && ./mvnw -B -q -f load-tests/pom.xml package \
#                          && load-tests/run-all.sh [scenario ...]
# Needs PostgreSQL on 127.0.0.1:5432 (user postgres, trust) with a database chaperone_bench, and JDK 25.
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA="${BENCH_JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}"
[ -x "$JAVA" ] || JAVA=java
GATEWAY_OPTS="${GATEWAY_OPTS:--Xms512m -Xmx2g -XX:+UseG1GC}"
GEN_OPTS="${GEN_OPTS:--Xmx2g}"
OUT=load-tests/results
PORT="${BENCH_PORT:-18080}"
SSL_PORT="${BENCH_SSL_PORT:-18443}"
MGMT="${BENCH_MANAGEMENT_PORT:-19000}"
mkdir -p "$OUT"

# The hub listener's files, provisioned as an operator would (docs/device-trust.md): a device CA (EC P-256,
# PKCS#8 key) and the listener's certificate signed by it. Hubs enroll against this CA during the run.
DEVICES=load-tests/target/bench-devices
if [ ! -s "$DEVICES/hub-listener.pem" ]; then
  mkdir -p "$DEVICES"
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$DEVICES/device-ca-key.pem" 2>/dev/null
  openssl req -x509 -new -key "$DEVICES/device-ca-key.pem" -subj "/CN=Chaperone bench device CA" -days 30 \
    -addext "basicConstraints=critical,CA:TRUE,pathlen:0" -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -out "$DEVICES/device-ca.pem"
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$DEVICES/hub-listener-key.pem" 2>/dev/null
  openssl req -new -key "$DEVICES/hub-listener-key.pem" -subj "/CN=localhost" |
    openssl x509 -req -CA "$DEVICES/device-ca.pem" -CAkey "$DEVICES/device-ca-key.pem" -CAcreateserial -days 30 \
      -extfile <(printf 'basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:localhost,IP:127.0.0.1\n') \
      -out "$DEVICES/hub-listener.pem" 2>/dev/null
fi
DEVICE_OPTS="-Dchaperone.devices.ca-cert-location=$DEVICES/device-ca.pem -Dchaperone.devices.ca-key-location=$DEVICES/device-ca-key.pem \
 -Dchaperone.devices.server-cert-location=$DEVICES/hub-listener.pem -Dchaperone.devices.server-key-location=$DEVICES/hub-listener-key.pem"
ulimit -n 65536 2>/dev/null || true
SCENARIOS=("$@")
[ ${#SCENARIOS[@]} -gt 0 ] || SCENARIOS=(01-relay-no-checks 02-policy-only 03-policy-and-audit 03-policy-and-audit-no-integrity 04-revocation-storm 05-idle-hubs 06-expiry)

switches() {
  case "$1" in
    01-*) echo "-Dchaperone.relay.benchmark.policy-enabled=false -Dchaperone.relay.benchmark.audit-enabled=false" ;;
    02-*) echo "-Dchaperone.relay.benchmark.audit-enabled=false" ;;
    03-*-no-integrity) echo "-Dchaperone.audit.benchmark.integrity-enabled=false" ;;
    *)    echo "" ;;
  esac
}

for s in "${SCENARIOS[@]}"; do
  echo "=== $s"
  # shellcheck disable=SC2046
  "$JAVA" $GATEWAY_OPTS $(switches "$s") -Dquarkus.profile=bench -Dquarkus.http.port="$PORT" -Dquarkus.http.ssl-port="$SSL_PORT" \
    -Dquarkus.management.port="$MGMT" $DEVICE_OPTS \
    -Dquarkus.datasource.reactive.url=postgresql://127.0.0.1:5432/chaperone_bench \
    -Dquarkus.log.level=WARN \
    -jar target/quarkus-app/quarkus-run.jar > "$OUT/$s.gateway.log" 2>&1 &
  GW=$!
  trap 'kill $GW 2>/dev/null || true' EXIT
  for _ in $(seq 1 120); do
    curl -sf -o /dev/null http://127.0.0.1:$MGMT/q/health/ready && break
    sleep 0.5
  done
  ROWS0=$(psql -h 127.0.0.1 -U postgres -d chaperone_bench -Atc "SELECT count(*) FROM audit_events")
  T0=$(date +%s.%N)
  "$JAVA" $GEN_OPTS -cp load-tests/target/benchmarks.jar io.chaperone.load.LoadMain --scenario "$s" \
    --port "$PORT" --ssl-port "$SSL_PORT" --management-port "$MGMT" --gateway-pid "$GW" --out "$OUT" ${LOAD_ARGS:-}
  T1=$(date +%s.%N)
  ROWS1=$(psql -h 127.0.0.1 -U postgres -d chaperone_bench -Atc "SELECT count(*) FROM audit_events")
  echo "audit rows written: $((ROWS1 - ROWS0)) in $(echo "$T1 - $T0" | bc) s (setup included)" | tee "$OUT/$s.audit.txt"
  kill "$GW"; wait "$GW" 2>/dev/null || true
  trap - EXIT
done
