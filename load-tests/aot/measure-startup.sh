#!/usr/bin/env bash
# Start-up of the packaged gateway with and without a JDK 25 AOT cache (JEP 483/514/515): packages the default
# fast-jar and, through `-Paot`, the aot-jar with the cache Quarkus trains on AotTrainingIT; trains one more cache per
# layout by hand on a short bench-profile run; then measures RUNS starts of each variant, interleaved.
# Results: load-tests/results/startup.txt (docs/benchmarks.md).
# Usage (repository root): load-tests/aot/measure-startup.sh      (SKIP_BUILD=1 reuses target/aot-startup/)
# Needs PostgreSQL on 127.0.0.1:5432 (user postgres, trust) with a database chaperone_bench_aot, and JDK 25.
set -euo pipefail
cd "$(dirname "$0")/../.."
JAVA="${BENCH_JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}"
[ -x "$JAVA" ] || JAVA=java
export JAVA_HOME="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$JAVA")")")}"
RUNS="${RUNS:-5}"
DB="${BENCH_DB:-chaperone_bench_aot}"
PORT="${BENCH_PORT:-28080}"
MGMT="${BENCH_MANAGEMENT_PORT:-29000}"
SSL_PORT="${BENCH_SSL_PORT:-28443}"
# The same flags for training and every measured run: the cache is refused (or only partly used) when they differ.
GATEWAY_OPTS="${GATEWAY_OPTS:--Xms512m -Xmx2g -XX:+UseG1GC}"
WORK="$PWD/target/aot-startup"
OUT=load-tests/results
mkdir -p "$WORK/logs" "$OUT"

# --- 1. package both layouts (fast-jar last, so target/quarkus-app stays the default for run-all.sh) ---
# A cache only works where it was trained: Quarkus's aot-jar entry point reads quarkus-application.dat from the
# training run's absolute path. So Quarkus trains in place (output-directory) and hand training runs in each copy.
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  rm -rf "${WORK:?}/aot-jar-it" "$WORK/aot-jar" "$WORK/fast-jar"
  mkdir -p "$WORK/aot-jar" "$WORK/fast-jar"
  ./mvnw -B -q verify -Paot -Dchaperone.aot.db="$DB" -Dquarkus.package.output-directory="$WORK/aot-jar-it/quarkus-app" \
    > "$WORK/logs/build-aot.log" 2>&1 || { tail -40 "$WORK/logs/build-aot.log"; exit 1; }
  cp -a "$WORK/aot-jar-it/quarkus-app" "$WORK/aot-jar/"
  rm "$WORK/aot-jar/quarkus-app/app.aot"
  ./mvnw -B -q package -DskipTests -DskipITs
  cp -a target/quarkus-app "$WORK/fast-jar/"
fi

# --- 2. the hub listener's PEM files (bench has none of its own; made by the gateway's generator) ---
mapfile -t DEVICE_OPTS < <("$JAVA" -cp "target/classes:$WORK/fast-jar/quarkus-app/lib/main/*" \
  load-tests/aot/DeviceTrustFilesMain.java "$WORK/devices")
[ ${#DEVICE_OPTS[@]} -eq 4 ] || { echo "device trust files were not made" >&2; exit 1; }

GW=""
trap '[ -z "$GW" ] || kill "$GW" 2>/dev/null || true' EXIT

# start LAYOUT LOG [extra JVM flags...]: launches the gateway from its directory (the cache records the
# class path as given, so training and runs use the same relative `-jar quarkus-run.jar`); sets GW and T0.
start() {
  local layout=$1 log=$2; shift 2
  T0=$(date +%s%N)
  # shellcheck disable=SC2086
  (cd "$WORK/$layout/quarkus-app" && exec "$JAVA" $GATEWAY_OPTS "$@" -Dquarkus.profile=bench \
    -Dquarkus.http.port="$PORT" -Dquarkus.management.port="$MGMT" -Dquarkus.http.ssl-port="$SSL_PORT" \
    -Dquarkus.datasource.reactive.url="postgresql://127.0.0.1:5432/$DB" \
    -Dquarkus.datasource.jdbc.url="jdbc:postgresql://127.0.0.1:5432/$DB" \
    "${DEVICE_OPTS[@]}" -jar quarkus-run.jar) > "$log" 2>&1 &
  GW=$!
}

# Polls readiness every 20 ms; prints the milliseconds from launch to the first 200.
await_ready() {
  for _ in $(seq 1 6000); do
    if [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "http://127.0.0.1:$MGMT/q/health/ready")" = 200 ]; then
      echo $((($(date +%s%N) - T0) / 1000000)); return 0
    fi
    kill -0 "$GW" 2>/dev/null || { echo "the gateway exited before it was ready" >&2; return 1; }
    sleep 0.02
  done
  echo "not ready after 120 s" >&2; return 1
}

stop() {
  kill -TERM "$GW"; wait "$GW" 2>/dev/null || true; GW=""
}

# A short, realistic workload: logins, REST reads and writes (JSON, validation, Hibernate Reactive), metrics.
# Only the resident's calls must succeed; the others train the refusal paths (a technician without a provider
# and ops are refused most of these).
exercise() {
  local api="http://127.0.0.1:$PORT" token
  for user in bench-resident bench-tech bench-ops; do
    token=$(curl -sf -H 'Content-Type: application/json' -d "{\"username\":\"$user\",\"password\":\"bench\"}" \
      "$api/dev-issuer/login" | sed -E 's/.*"accessToken":"([^"]+)".*/\1/')
    for _ in 1 2 3; do
      for path in me homes tickets templates; do
        curl -s -o /dev/null -H "Authorization: Bearer $token" "$api/api/v1/$path"
      done
    done
    if [ "$user" = bench-resident ]; then
      curl -sf -o /dev/null -H "Authorization: Bearer $token" "$api/api/v1/me"
      curl -sf -o /dev/null -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
        -d '{"name":"AOT training home"}' "$api/api/v1/homes"
    fi
  done
  curl -sf -o /dev/null "$api/api/v1/privacy-notice"
  curl -sf -o /dev/null "http://127.0.0.1:$MGMT/q/metrics"
  curl -sf -o /dev/null "http://127.0.0.1:$MGMT/q/health"
}

# --- 3. training: one cache per layout, written by the JVM when it exits (SIGTERM is a normal exit) ---
for layout in aot-jar fast-jar; do
  if [ "${SKIP_BUILD:-0}" != 1 ] || [ ! -f "$WORK/$layout/quarkus-app/app.aot" ]; then
    rm -f "$WORK/$layout/quarkus-app/app.aot"
    start "$layout" "$WORK/logs/train-$layout.log" -XX:AOTCacheOutput=app.aot
    ready=$(await_ready)
    echo "training $layout: ready after $ready ms (recording)"
    exercise
    t=$(date +%s)
    stop
    [ -f "$WORK/$layout/quarkus-app/app.aot" ] || { echo "no app.aot for $layout; see $WORK/logs/train-$layout.log" >&2; exit 1; }
    echo "training $layout: cache $(du -h "$WORK/$layout/quarkus-app/app.aot" | cut -f1) written in $(($(date +%s) - t)) s after SIGTERM"
  fi
done

# --- 4. measured runs, interleaved; the schema is migrated by training, so no run cleans it (bench does by default) ---
VARIANTS=(fast-jar fast-jar+aot aot-jar aot-jar+aot aot-jar-it+aot)
RAW="$WORK/runs.tsv"
printf 'variant\trun\tready_ms\tstarted_s\tvmrss_kb\tvmhwm_kb\tload1\n' > "$RAW"
for run in $(seq 1 "$RUNS"); do
  for variant in "${VARIANTS[@]}"; do
    layout=${variant%+aot}
    flags=(-Dquarkus.flyway.clean-at-start=false)
    # AOTMode=on: a cache the JVM cannot use fails the start instead of silently measuring without it.
    [ "$variant" = "$layout" ] || flags+=(-XX:AOTCache=app.aot -XX:AOTMode=on)
    log="$WORK/logs/run-$variant-$run.log"
    load=$(cut -d' ' -f1 /proc/loadavg)
    start "$layout" "$log" "${flags[@]}"
    ready=$(await_ready)
    rss=$(awk '/^VmRSS/ {print $2}' "/proc/$GW/status")
    hwm=$(awk '/^VmHWM/ {print $2}' "/proc/$GW/status")
    # Readiness can answer a few milliseconds before Quarkus logs its "started in" line.
    for _ in $(seq 1 100); do grep -q ' started in ' "$log" && break; sleep 0.02; done
    started=$(sed -nE 's/.* started in ([0-9.]+)s.*/\1/p' "$log" | head -1)
    stop
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$variant" "$run" "$ready" "$started" "$rss" "$hwm" "$load" | tee -a "$RAW"
  done
done

# --- 5. medians (and the fastest start: on a shared machine the least disturbed one) ---
column() {  # variant column -> the values, sorted
  awk -F'\t' -v v="$1" -v c="$2" '$1 == v {print $c}' "$RAW" | sort -n
}
median() {
  column "$1" "$2" | awk '{a[NR] = $1} END { if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}
{
  echo "# load-tests/aot/measure-startup.sh, $(date -u +%Y-%m-%dT%H:%MZ), RUNS=$RUNS, medians"
  echo "# JVM: $("$JAVA" -version 2>&1 | sed -n 2p); flags: $GATEWAY_OPTS; bench profile, flyway clean off"
  echo "# machine: nproc=$(nproc), $(lscpu | sed -n 's/^Model name: *//p'); 1-min load average at the runs' starts: $(tail -n +2 "$RAW" | cut -f7 | sort -n | sed -n '1p;$p' | paste -sd-)"
  echo "# cache sizes: $(for l in fast-jar aot-jar aot-jar-it; do echo -n "$l $(du -h "$WORK/$l/quarkus-app/app.aot" | cut -f1) "; done)"
  echo "# +aot: trained by hand (this script's workload); aot-jar-it+aot: trained by Quarkus on AotTrainingIT (-Paot)"
  printf '%-16s %16s %12s %18s %12s %12s\n' variant launch-to-ready fastest "\"started in\"" VmRSS VmHWM
  for variant in "${VARIANTS[@]}"; do
    printf '%-16s %13s ms %9s ms %16s s %9s MiB %9s MiB\n' "$variant" "$(median "$variant" 3)" "$(column "$variant" 3 | head -1)" \
      "$(median "$variant" 4)" "$(( $(median "$variant" 5 | cut -d. -f1) / 1024 ))" "$(( $(median "$variant" 6 | cut -d. -f1) / 1024 ))"
  done
  echo "# every run (variant, run, ready ms, started s, VmRSS kB, VmHWM kB, 1-min load average at its start):"
  tail -n +2 "$RAW" | sed 's/^/#   /'
} | tee "$OUT/startup.txt"
