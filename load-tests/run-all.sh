#!/usr/bin/env bash
# Reruns the load matrix against the packaged gateway; results in load-tests/results/.
# Usage (repository root): ./mvnw -B -q package -DskipTests && ./mvnw -B -q -f load-tests/pom.xml package \
#                          && load-tests/run-all.sh [scenario ...]          # each scenario once (default 01-06)
#        load-tests/run-all.sh --interleaved [--rounds N]   # 00, 01, 03, 00, 01, 03, ... ratios to 00 per round
#        load-tests/run-all.sh --quick                       # the regression lane: < 3 min, exit 1 naming the ratio
# 08-cross-node (three cluster nodes) runs only when named: load-tests/run-all.sh 08-cross-node.
# Scenario 00 is the bare relay (io.chaperone.load.bare.BareRelay): 00-bare-relay-plaintext|jdk|openssl and
# 00-bare-idle-jdk|openssl (05's idle hubs against it); docs/benchmarks.md explains the matrix and the targets.
# Needs PostgreSQL on 127.0.0.1:5432 (user postgres, trust) with a database chaperone_bench (BENCH_DB), and JDK 25.
# Ports and database: BENCH_PORT, BENCH_SSL_PORT, BENCH_MANAGEMENT_PORT, BENCH_DB (load-tests/bench-gateway.sh).
# Matrix knobs: ROUNDS (3), MATRIX_ARGS (relay runs, "--warmup 15s --duration 15s"), GATEWAY_TLS (the gateway's
# hub-leg engine, jdk; the ratios use the 00 of the same transport), BARE_VARIANTS ("plaintext jdk openssl"),
# IDLE_HUBS (19000) and IDLE_ROUNDS (1; 0 skips the idle pair), REVOCATION_ROUNDS (1; 0 skips 04).
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=load-tests/results
mkdir -p "$OUT"
# shellcheck source=load-tests/bench-gateway.sh
source load-tests/bench-gateway.sh
CLOCK_TICKS=$(getconf CLK_TCK 2>/dev/null || echo 100)
INVOCATION="$0 $*"

switches() {
  case "$1" in
    01-*) echo "-Dchaperone.relay.benchmark.policy-enabled=false -Dchaperone.relay.benchmark.audit-enabled=false" ;;
    02-*) echo "-Dchaperone.relay.benchmark.audit-enabled=false" ;;
    03-*-no-integrity) echo "-Dchaperone.audit.benchmark.integrity-enabled=false" ;;
    *)    echo "" ;;
  esac
}

# run_scenario DIR NAME SCENARIO [generator option ...]: starts the bare relay (00-*) or the gateway with the
# scenario's switches, runs the generator, writes DIR/NAME.json (+ .log, and the audit rows for the gateway), stops.
run_scenario() {
  local dir=$1 name=$2 s=$3
  shift 3
  echo "=== $name ($(cut -d' ' -f1-3 /proc/loadavg) load)"
  local mgmt=$MGMT
  if [[ $s == 00-* ]]; then
    local tls=${s##*-}
    [ "$tls" != plaintext ] || tls=none
    start_bare "$dir/$name.server.log" "$tls"
    mgmt=$PORT # the bare relay answers /q/metrics on its technician port
  else
    # shellcheck disable=SC2046
    start_gateway "$dir/$name.server.log" $(switches "$s")
  fi
  trap 'kill $GW 2>/dev/null || true' EXIT
  local rows0=0
  [[ $s == 00-* ]] || rows0=$(psql -h 127.0.0.1 -U postgres -d "$DB" -Atc "SELECT count(*) FROM audit_events")
  local t0 t1
  t0=$(date +%s.%N)
  "$JAVA" $GEN_OPTS -cp load-tests/target/benchmarks.jar io.chaperone.load.LoadMain --scenario "$s" \
    --port "$PORT" --ssl-port "$SSL_PORT" --management-port "$mgmt" --gateway-pid "$GW" --clock-ticks "$CLOCK_TICKS" \
    --out "$dir" --result-name "$name" --device-ca-cert "$DEVICES/device-ca.pem" --device-ca-key "$DEVICES/device-ca-key.pem" \
    "$@" > "$dir/$name.log" 2>&1 || { tail -20 "$dir/$name.log" >&2; stop_gateway; trap - EXIT; return 1; }
  t1=$(date +%s.%N)
  if [[ $s != 00-* ]]; then
    local rows1
    rows1=$(psql -h 127.0.0.1 -U postgres -d "$DB" -Atc "SELECT count(*) FROM audit_events")
    echo "audit rows written: $((rows1 - rows0)) in $(echo "$t1 - $t0" | bc) s (setup included)" | tee "$dir/$name.audit.txt"
  fi
  stop_gateway
  trap - EXIT
  grep -E '"(closedLoopPerSec|fixedRate.p99Ms|closedLoop.cpuMicrosPerCommand|heapPerHubBytes|connectsPerSec|revokeToClose.p99Ms)"' \
    "$dir/$name.json" | tr -d ' ,' | paste -sd' ' || true
}

# matrix ROUNDS QUICK: the interleaved run into a directory of its own, then its summary (and the quick verdict).
matrix() {
  local rounds=$1 quick=$2
  local dir suffix=""
  [ "$quick" = no ] || suffix=-quick
  dir="$OUT/matrix-$(date -u +%Y%m%dT%H%M%SZ)$suffix"
  mkdir -p "$dir"
  local tls=${GATEWAY_TLS:-jdk}
  local args variants idle_rounds revocation_rounds
  if [ "$quick" = yes ]; then
    # One round of the relay targets only; see load-tests/README.md for what the lane leaves out and why.
    args=${MATRIX_ARGS:---warmup 5s --duration 8s}; variants=$tls; idle_rounds=0; revocation_rounds=0
  else
    args=${MATRIX_ARGS:---warmup 15s --duration 15s}; variants=${BARE_VARIANTS:-plaintext jdk openssl}
    idle_rounds=${IDLE_ROUNDS:-1}; revocation_rounds=${REVOCATION_ROUNDS:-1}
  fi
  { echo "command: $INVOCATION  (ROUNDS=$rounds MATRIX_ARGS='$args' GATEWAY_TLS=$tls BARE_VARIANTS='$variants' IDLE_HUBS=${IDLE_HUBS:-19000} IDLE_ROUNDS=$idle_rounds REVOCATION_ROUNDS=$revocation_rounds)"
    echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/{print $2}') GB, $("$JAVA" -version 2>&1 | head -1)"
    echo "started: $(date -u +%FT%TZ), load $(cut -d' ' -f1-3 /proc/loadavg)"; } > "$dir/run.txt"
  local started=$SECONDS
  for r in $(seq 1 "$rounds"); do
    # A run that fails is reported and the matrix goes on: the summary then says which target was not measured.
    for v in $variants; do
      # shellcheck disable=SC2086
      run_scenario "$dir" "r$r-00-bare-relay-$v" "00-bare-relay-$v" $args || echo "FAILED r$r-00-bare-relay-$v"
    done
    local phases=""
    [ "$quick" = no ] || phases="--phases closed" # 01's only target is its closed loop
    # shellcheck disable=SC2086
    run_scenario "$dir" "r$r-01-relay-no-checks" 01-relay-no-checks $args $phases || echo "FAILED r$r-01-relay-no-checks"
    # shellcheck disable=SC2086
    run_scenario "$dir" "r$r-03-policy-and-audit" 03-policy-and-audit $args || echo "FAILED r$r-03-policy-and-audit"
    if [ "$r" -le "$idle_rounds" ]; then
      run_scenario "$dir" "r$r-00-bare-idle-$tls" "00-bare-idle-$tls" --hubs "${IDLE_HUBS:-19000}" --idle-hold 5s \
        || echo "FAILED r$r-00-bare-idle-$tls"
      run_scenario "$dir" "r$r-05-idle-hubs" 05-idle-hubs --hubs "${IDLE_HUBS:-19000}" --idle-hold 5s || echo "FAILED r$r-05-idle-hubs"
    fi
    if [ "$r" -le "$revocation_rounds" ]; then
      run_scenario "$dir" "r$r-04-revocation-storm" 04-revocation-storm || echo "FAILED r$r-04-revocation-storm"
    fi
  done
  echo "finished: $(date -u +%FT%TZ) after $((SECONDS - started)) s, load $(cut -d' ' -f1-3 /proc/loadavg)" >> "$dir/run.txt"
  cat "$dir/run.txt"
  local summary=(-cp load-tests/target/benchmarks.jar io.chaperone.load.summary.MatrixSummary "$dir" load-tests/targets.tsv --tls "$tls")
  [ "$quick" = no ] || summary+=(--quick)
  "$JAVA" "${summary[@]}"
  local load
  load=$(cut -d' ' -f1 /proc/loadavg)
  if [ "$(echo "$load > $(nproc)" | bc)" = 1 ]; then
    echo "WARNING: load average $load on $(nproc) cores: these ratios measure the machine's other work as much as the code"
  fi
}

case "${1:-}" in
  --interleaved)
    ROUNDS=${ROUNDS:-3}
    [ "${2:-}" != --rounds ] || ROUNDS=$3
    matrix "$ROUNDS" no
    exit ;;
  --quick)
    matrix 1 yes
    exit ;;
esac

SCENARIOS=("$@")
[ ${#SCENARIOS[@]} -gt 0 ] || SCENARIOS=(01-relay-no-checks 02-policy-only 03-policy-and-audit 03-policy-and-audit-no-integrity 04-revocation-storm 05-idle-hubs 06-expiry)
for s in "${SCENARIOS[@]}"; do
  if [ "$s" = 08-cross-node ]; then
    # Three cluster nodes of its own (not in the default matrix): see load-tests/scenarios/08-cross-node/README.md.
    echo "=== $s"
    load-tests/run-cross-node.sh
    continue
  fi
  # shellcheck disable=SC2086
  run_scenario "$OUT" "$s" "$s" ${LOAD_ARGS:-}
done
