#!/usr/bin/env bash
# Scenario 08-cross-node: three gateway nodes of one cluster (same packaged jar, profile dev,bench, one bench
# database, the machine's NATS under a subject prefix of this run, shared key material from `admin init-keys`).
# Hubs enroll and connect to node A; technicians connect to node B ("cross") or to node A ("same"); revocations go
# over REST to node C. The two modes run interleaved in ONE generator process (cross, same, cross, same, ...; ROUNDS
# pairs) because the machine is shared and noisy; the load average is recorded next to each run.
# Result: load-tests/results/08-cross-node/08-cross-node.json (every run, then median and min..max per mode).
# Usage (repository root): ./mvnw -B -q package -DskipTests && ./mvnw -B -q -f load-tests/pom.xml package -DskipTests \
#                          && load-tests/run-cross-node.sh
# Settings: ROUNDS (3), BENCH_DB (chaperone_bench), NATS_URL (nats://127.0.0.1:4222), CLUSTER_PORT_BASE (18100),
# LOAD_ARGS (extra generator options, e.g. "--sessions 256 --rate 5000 --duration 20s --revoke-rate 100").
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=load-tests/results/08-cross-node
mkdir -p "$OUT"
# shellcheck source=load-tests/bench-gateway.sh
source load-tests/bench-gateway.sh   # JAVA, GATEWAY_OPTS, GEN_OPTS, DB, BENCH_CLEAN, ulimit
ROUNDS="${ROUNDS:-3}"
NATS_URL="${NATS_URL:-nats://127.0.0.1:4222}"
BASE="${CLUSTER_PORT_BASE:-18100}"
PREFIX="bench$(date +%s)"
KEYS=load-tests/target/bench-cluster-keys
JAR=target/quarkus-app/quarkus-run.jar
[ -s "$KEYS/master.key" ] || "$JAVA" -jar "$JAR" admin init-keys --out "$KEYS" \
  --hub-listener-name localhost --hub-listener-name 127.0.0.1 > /dev/null

# node N (0 = a, 1 = b, 2 = c): http BASE+100N, hub mTLS BASE+100N+43, management BASE+100N+90.
http_port() { echo $((BASE + 100 * $1)); }
ssl_port() { echo $((BASE + 100 * $1 + 43)); }
mgmt_port() { echo $((BASE + 100 * $1 + 90)); }
PIDS=()
stop_nodes() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done; }
trap stop_nodes EXIT

# start_node N ID [JVM option ...]: in the background; wait_ready N afterwards.
start_node() {
  local n=$1 id=$2
  shift 2
  # shellcheck disable=SC2086
  CHAPERONE_PRIVACY_MASTER_KEY="$(cat "$KEYS/master.key")" "$JAVA" $GATEWAY_OPTS "$@" -Dquarkus.profile=dev,bench \
    -Dquarkus.http.port="$(http_port "$n")" -Dquarkus.http.ssl-port="$(ssl_port "$n")" -Dquarkus.management.port="$(mgmt_port "$n")" \
    -Dquarkus.datasource.reactive.url="postgresql://127.0.0.1:5432/$DB" -Dquarkus.datasource.jdbc.url="jdbc:postgresql://127.0.0.1:5432/$DB" \
    -Dchaperone.devices.ca-cert-location="$KEYS/device-ca.pem" -Dchaperone.devices.ca-key-location="$KEYS/device-ca-key.pem" \
    -Dchaperone.devices.server-cert-location="$KEYS/hub-listener.pem" -Dchaperone.devices.server-key-location="$KEYS/hub-listener-key.pem" \
    -Dchaperone.keys.signing-keys-location="$KEYS/signing-keys" -Dchaperone.audit.checkpoint-key-location="$KEYS/checkpoint-key.pem" \
    -Dchaperone.privacy.ephemeral-master-key=false \
    -Dchaperone.cluster.enabled=true -Dchaperone.cluster.node-id="$id" -Dchaperone.cluster.nats-url="$NATS_URL" \
    -Dchaperone.cluster.subject-prefix="$PREFIX" -Dquarkus.log.level=WARN \
    -jar "$JAR" > "$OUT/$id.log" 2>&1 &
  PIDS+=($!)
}
wait_ready() {
  for _ in $(seq 1 240); do
    curl -sf -o /dev/null "http://127.0.0.1:$(mgmt_port "$1")/q/health/ready" && return 0
    sleep 0.5
  done
  echo "node $1 was not ready within 120 s; see $OUT/" >&2
  exit 1
}
# Node A alone first: it drops and migrates the schema; B and C join the migrated database.
start_node 0 node-a $BENCH_CLEAN
wait_ready 0
start_node 1 node-b
start_node 2 node-c
wait_ready 1
wait_ready 2
echo "nodes ready: a $(http_port 0)/$(ssl_port 0), b $(http_port 1), c $(http_port 2); NATS $NATS_URL prefix $PREFIX"

# One generator process builds the world once and interleaves the modes (CrossNode): cross, same, cross, same, ...
echo "load before: $(uptime)"
# shellcheck disable=SC2086
"$JAVA" $GEN_OPTS -cp load-tests/target/benchmarks.jar io.chaperone.load.LoadMain --scenario 08-cross-node \
  --rounds "$ROUNDS" --port "$(http_port 0)" --ssl-port "$(ssl_port 0)" --tech-port "$(http_port 1)" \
  --revoke-url "http://127.0.0.1:$(http_port 2)" --out "$OUT" ${LOAD_ARGS:-} 2>&1 | grep -v '^WARNING' | tee "$OUT/generator.log"
echo "load after: $(uptime)"
jq '{median_cross: ."median.cross", median_same: ."median.same"}' "$OUT/08-cross-node.json"
