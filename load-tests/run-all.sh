#!/usr/bin/env bash
# Reruns the whole load matrix (scenarios 01-06) against the packaged gateway; results in load-tests/results/.
# 08-cross-node (three cluster nodes) runs only when named: load-tests/run-all.sh 08-cross-node.
# Usage (repository root): ./mvnw -B -q package -DskipTests && ./mvnw -B -q -f load-tests/pom.xml package \
#                          && load-tests/run-all.sh [scenario ...]
# Needs PostgreSQL on 127.0.0.1:5432 (user postgres, trust) with a database chaperone_bench (BENCH_DB), and JDK 25.
# Ports and database: BENCH_PORT, BENCH_SSL_PORT, BENCH_MANAGEMENT_PORT, BENCH_DB (load-tests/bench-gateway.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=load-tests/results
mkdir -p "$OUT"
# shellcheck source=load-tests/bench-gateway.sh
source load-tests/bench-gateway.sh
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
  if [ "$s" = 08-cross-node ]; then
    # Three cluster nodes of its own (not in the default matrix): see load-tests/scenarios/08-cross-node/README.md.
    load-tests/run-cross-node.sh
    continue
  fi
  # shellcheck disable=SC2046
  start_gateway "$OUT/$s.gateway.log" $(switches "$s")
  trap 'kill $GW 2>/dev/null || true' EXIT
  ROWS0=$(psql -h 127.0.0.1 -U postgres -d "$DB" -Atc "SELECT count(*) FROM audit_events")
  T0=$(date +%s.%N)
  "$JAVA" $GEN_OPTS -cp load-tests/target/benchmarks.jar io.chaperone.load.LoadMain --scenario "$s" \
    --port "$PORT" --ssl-port "$SSL_PORT" --management-port "$MGMT" --gateway-pid "$GW" --out "$OUT" ${LOAD_ARGS:-}
  T1=$(date +%s.%N)
  ROWS1=$(psql -h 127.0.0.1 -U postgres -d "$DB" -Atc "SELECT count(*) FROM audit_events")
  echo "audit rows written: $((ROWS1 - ROWS0)) in $(echo "$T1 - $T0" | bc) s (setup included)" | tee "$OUT/$s.audit.txt"
  stop_gateway
  trap - EXIT
done
