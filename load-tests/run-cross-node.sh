#!/usr/bin/env bash
# Scenario 08-cross-node: three gateway nodes of one cluster (same packaged jar, profile dev,bench, one bench
# database, the machine's NATS under a subject prefix of this run, shared key material from `admin init-keys`).
# Hubs enroll and connect to node A; technicians connect to node B ("cross") or to node A ("same"); revocations go
# over REST to node C. The two modes run interleaved in ONE session (cross, same, cross, same, ...; ROUNDS pairs)
# because the machine is shared and noisy; the load average is recorded next to each run.
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

for round in $(seq 1 "$ROUNDS"); do
  for mode in cross same; do
    tech=$(http_port 0)
    [ "$mode" = cross ] && tech=$(http_port 1)
    dir="$OUT/$round-$mode"
    mkdir -p "$dir"
    before=$(uptime | sed 's/.*load average: //')
    # shellcheck disable=SC2086
    "$JAVA" $GEN_OPTS -cp load-tests/target/benchmarks.jar io.chaperone.load.LoadMain --scenario 08-cross-node \
      --mode "$mode" --port "$(http_port 0)" --ssl-port "$(ssl_port 0)" --tech-port "$tech" \
      --revoke-url "http://127.0.0.1:$(http_port 2)" --out "$dir" ${LOAD_ARGS:-} > "$dir/generator.log" 2>&1
    after=$(uptime | sed 's/.*load average: //')
    jq --arg b "$before" --arg a "$after" '. + {loadBefore: $b, loadAfter: $a}' "$dir/08-cross-node.json" > "$dir/run.json"
    jq -r '"\(.mode) round '"$round"': closed \(.closedLoopPerSec)/s p99 \(."closedLoop.p99Ms") ms | fixed \(.fixedRatePerSec)/s p99 \(."fixedRate.p99Ms") ms | revoke p99 \(."revocation.revokeToClose.p99Ms") ms (n \(."revocation.revokeToClose.count"), other code \(."revocation.closedWithOtherCode")) | load \(.loadBefore) -> \(.loadAfter)"' "$dir/run.json"
  done
done
# Medians and spread (min..max) per mode.
jq -s -r 'group_by(.mode)[] | . as $runs | def med(f): ([$runs[] | f] | sort | .[(length-1)/2|floor]);
  def rng(f): ([$runs[] | f] | "\(min)..\(max)");
  "\($runs[0].mode): runs \($runs|length); closed/s median \(med(.closedLoopPerSec)) (\(rng(.closedLoopPerSec))); closed p99 \(med(."closedLoop.p99Ms")) ms (\(rng(."closedLoop.p99Ms"))); fixed p99 \(med(."fixedRate.p99Ms")) ms (\(rng(."fixedRate.p99Ms"))); fixed p50 \(med(."fixedRate.p50Ms")) ms; revoke p50 \(med(."revocation.revokeToClose.p50Ms")) ms; revoke p99 \(med(."revocation.revokeToClose.p99Ms")) ms (\(rng(."revocation.revokeToClose.p99Ms")))"' \
  "$OUT"/*/run.json | tee "$OUT/summary.txt"
