#!/usr/bin/env bash
# Scenario 07-gatling-flow: the whole support-session flow driven by Gatling (load-tests/gatling), the hubs played by
# the load generator's hub fleet. Starts the gateway (as run-all.sh does), the fleet, waits for "ready", runs the
# simulation, stops both. HTML report: load-tests/gatling/target/gatling/<run>/index.html; logs in load-tests/results/.
# Usage (repository root): ./mvnw -B -q package -DskipTests && ./mvnw -B -q -f load-tests/pom.xml package -DskipTests \
#                          && load-tests/run-gatling.sh
# Settings: HUBS (100 hubs, one per home), GATLING_ARGS (e.g. "-DusersPerSec=4 -DdurationSeconds=60", the rest in
# load-tests/gatling/pom.xml), BENCH_PORT, BENCH_SSL_PORT, BENCH_MANAGEMENT_PORT, BENCH_DB (load-tests/bench-gateway.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=load-tests/results
mkdir -p "$OUT"
# shellcheck source=load-tests/bench-gateway.sh
source load-tests/bench-gateway.sh
HUBS="${HUBS:-100}"
SEATS="$PWD/load-tests/target/hub-seats.csv"
FLEET_LOG="$OUT/07-gatling-flow.hubs.log"
FLEET=

stop_all() {
  if [ -n "$FLEET" ]; then
    kill -TERM "$FLEET" 2>/dev/null || true   # the fleet prints what its hubs saw on SIGTERM
    wait "$FLEET" 2>/dev/null || true
  fi
  stop_gateway
}

echo "=== 07-gatling-flow"
start_gateway "$OUT/07-gatling-flow.gateway.log"
trap stop_all EXIT
rm -f "$SEATS"
# shellcheck disable=SC2086
"$JAVA" $GEN_OPTS -cp load-tests/target/benchmarks.jar io.chaperone.load.LoadMain --scenario hub-fleet --hubs "$HUBS" \
  --port "$PORT" --ssl-port "$SSL_PORT" --seats-out "$SEATS" > "$FLEET_LOG" 2>&1 &
FLEET=$!
for _ in $(seq 1 600); do
  grep -qx ready "$FLEET_LOG" && break
  kill -0 "$FLEET" 2>/dev/null || { echo "the hub fleet stopped; see $FLEET_LOG" >&2; exit 1; }
  sleep 0.5
done
grep -qx ready "$FLEET_LOG" || { echo "the hub fleet was not ready within 300 s; see $FLEET_LOG" >&2; exit 1; }
head -1 "$FLEET_LOG"

RC=0
# shellcheck disable=SC2086
./mvnw -B -f load-tests/gatling/pom.xml gatling:test -Dgatling.simulationClass=io.chaperone.gatling.SupportSessionSimulation \
  -Dgateway="http://127.0.0.1:$PORT" -Dseats="$SEATS" ${GATLING_ARGS:-} | tee "$OUT/07-gatling-flow.gatling.log" || RC=$?
curl -sf "http://127.0.0.1:$MGMT/q/metrics" > "$OUT/07-gatling-flow.metrics.txt" || true   # the gateway's own counters
stop_all
trap - EXIT
tail -1 "$FLEET_LOG"
ROWS=$(psql -h 127.0.0.1 -U postgres -d "$DB" -Atc "SELECT kind, count(*) FROM audit_events GROUP BY kind ORDER BY kind")
echo "audit rows by kind (whole run, setup included):" | tee "$OUT/07-gatling-flow.audit.txt"
echo "$ROWS" | tee -a "$OUT/07-gatling-flow.audit.txt"
exit "$RC"
