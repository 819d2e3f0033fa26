# Sourced by run-all.sh and run-gatling.sh (working directory: the repository root). The packaged gateway in the
# bench profile: ports BENCH_PORT (18080), BENCH_SSL_PORT (18443, the hubs' mTLS listener), BENCH_MANAGEMENT_PORT
# (19000), database BENCH_DB (chaperone_bench; dropped and migrated again at every start), the device CA provisioned
# by openssl. Defines start_gateway LOG [JVM option ...] (pid in GW), start_bare LOG none|jdk|openssl (scenario 00's
# bare relay on the same ports, the same JVM options and the same listener certificate; pid in GW) and stop_gateway.
JAVA="${BENCH_JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}"
[ -x "$JAVA" ] || JAVA=java
GATEWAY_OPTS="${GATEWAY_OPTS:--Xms512m -Xmx2g -XX:+UseG1GC}"
GEN_OPTS="${GEN_OPTS:--Xmx2g}"
PORT="${BENCH_PORT:-18080}"
SSL_PORT="${BENCH_SSL_PORT:-18443}"
MGMT="${BENCH_MANAGEMENT_PORT:-19000}"
DB="${BENCH_DB:-chaperone_bench}"

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
# Every hub socket is a file descriptor in the gateway and in the generator: raise the soft limit as far as the
# hard one allows (scenario 05 caps its hubs below what is left; see its README).
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
echo "open files per process: $(ulimit -n)"

# bench runs on top of dev (the development issuer; ProdGuard refuses it and clean-at-start in bench alone), and
# the scripts, not the profile, ask for a fresh schema at every start.
BENCH_CLEAN="-Dquarkus.flyway.clean-at-start=true -Dquarkus.flyway.clean-disabled=false"

# start_gateway LOG [JVM option ...]: starts the gateway in the background and waits until it is ready (READY_SECONDS,
# default 60, at most: a start on a machine at load 30 can take longer).
start_gateway() {
  local log=$1
  shift
  # shellcheck disable=SC2086
  "$JAVA" $GATEWAY_OPTS "$@" -Dquarkus.profile=dev,bench $BENCH_CLEAN -Dquarkus.http.port="$PORT" -Dquarkus.http.ssl-port="$SSL_PORT" \
    -Dquarkus.management.port="$MGMT" $DEVICE_OPTS \
    -Dquarkus.datasource.reactive.url="postgresql://127.0.0.1:5432/$DB" \
    -Dquarkus.datasource.jdbc.url="jdbc:postgresql://127.0.0.1:5432/$DB" \
    -Dquarkus.log.level=WARN \
    -jar target/quarkus-app/quarkus-run.jar > "$log" 2>&1 &
  GW=$!
  for _ in $(seq 1 $((2 * ${READY_SECONDS:-60}))); do
    curl -sf -o /dev/null "http://127.0.0.1:$MGMT/q/health/ready" && return 0
    sleep 0.5
  done
  echo "the gateway was not ready within ${READY_SECONDS:-60} s; see $log" >&2
  stop_gateway
  return 1
}

# start_bare LOG TLS: the bare relay of scenario 00 (io.chaperone.load.bare.BareRelay), technicians on BENCH_PORT
# (which also answers /q/health/ready and /q/metrics), hubs on BENCH_SSL_PORT, mTLS unless TLS is none.
start_bare() {
  local log=$1 tls=$2
  # shellcheck disable=SC2086
  "$JAVA" $GATEWAY_OPTS -cp load-tests/target/benchmarks.jar io.chaperone.load.bare.BareRelay --port "$PORT" \
    --hub-port "$SSL_PORT" --tls "$tls" --server-cert "$DEVICES/hub-listener.pem" \
    --server-key "$DEVICES/hub-listener-key.pem" --client-ca "$DEVICES/device-ca.pem" > "$log" 2>&1 &
  GW=$!
  for _ in $(seq 1 120); do
    curl -sf -o /dev/null "http://127.0.0.1:$PORT/q/health/ready" && return 0
    kill -0 "$GW" 2>/dev/null || { echo "the bare relay exited; see $log" >&2; return 1; }
    sleep 0.5
  done
  echo "the bare relay was not ready within 60 s; see $log" >&2
  stop_gateway
  return 1
}

stop_gateway() {
  kill "$GW" 2>/dev/null || true
  wait "$GW" 2>/dev/null || true
}
