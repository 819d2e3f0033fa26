#!/usr/bin/env bash
# JFR profile of the gateway under a relay scenario's closed loop (issue 16, docs/benchmarks.md "Profiles").
# Usage (repository root, after the two packages of load-tests/README.md):
#   load-tests/profile/profile-relay.sh [SCENARIO] [LABEL]        # default 03-policy-and-audit, label "now"
# Starts the scenario through run-all.sh; once the gateway has forwarded PROFILE_AFTER commands (the closed loop's
# warm-up is running) it records PROFILE_SECONDS (15) of JFR (settings=profile: CPU samples every 10/20 ms, allocation
# samples, GC) with jcmd, then lets the scenario finish. Results: load-tests/results/profiles/<scenario>-<label>.*
# (the .jfr itself stays in target/, it is binary and several MB); the top frames in .top.txt, collapsed stacks for a
# flame graph in .cpu.collapsed / .alloc.collapsed; bytes allocated (exact, per thread) and CPU samples per command
# forwarded while recording.
set -euo pipefail
cd "$(dirname "$0")/../.."
SCENARIO=${1:-03-policy-and-audit}
LABEL=${2:-now}
JDK=/usr/lib/jvm/temurin-25-jdk-amd64/bin
OUT=load-tests/results/profiles
mkdir -p "$OUT" target/profiles
JFR_FILE=$PWD/target/profiles/$SCENARIO-$LABEL.jfr
MGMT=${BENCH_MANAGEMENT_PORT:-19000}
AFTER=${PROFILE_AFTER:-2000}
SECONDS_TO_RECORD=${PROFILE_SECONDS:-15}
rm -f "$JFR_FILE"
load-tests/run-all.sh "$SCENARIO" > "$OUT/$SCENARIO-$LABEL.run.txt" 2>&1 &
RUN=$!
forwarded() { curl -sf "http://127.0.0.1:$MGMT/q/metrics" 2>/dev/null | awk '/^chaperone_frame_latency_seconds_count/ {print int($2)}'; }
while true; do
  n=$(forwarded || true)
  [ -n "$n" ] && [ "$n" -ge "$AFTER" ] && break
  kill -0 $RUN 2>/dev/null || { echo "scenario ended before the load began; see $OUT/$SCENARIO-$LABEL.run.txt" >&2; exit 1; }
  sleep 0.5
done
GW=$(pgrep -f "quarkus.management.port=$MGMT .*quarkus-run.jar" | head -1)
uptime | tee "$OUT/$SCENARIO-$LABEL.load.txt"
FROM=$(forwarded || true)
"$JDK/jcmd" "$GW" JFR.start name=perf settings=profile duration="${SECONDS_TO_RECORD}s" filename="$JFR_FILE" > /dev/null
sleep "$SECONDS_TO_RECORD"
TO=$(forwarded || true)
# Empty when the scenario ended inside the window (the gateway is gone): then no per-command figures.
COMMANDS=$(( ${TO:-0} > ${FROM:-0} ? ${TO:-0} - ${FROM:-0} : 0 ))
echo "commands forwarded while recording: $COMMANDS" | tee "$OUT/$SCENARIO-$LABEL.window.txt"
wait $RUN
uptime | tee -a "$OUT/$SCENARIO-$LABEL.load.txt"
"$JDK/java" load-tests/profile/JfrTop.java "$JFR_FILE" "$OUT/$SCENARIO-$LABEL" 30 "$COMMANDS"
head -40 "$OUT/$SCENARIO-$LABEL.top.txt"
grep -h closedLoopPerSec "$OUT/$SCENARIO-$LABEL.run.txt" || tail -5 "$OUT/$SCENARIO-$LABEL.run.txt"
