#!/usr/bin/env bash
# Starts the packaged gateway with a JDK 25 AOT cache (docs/adr/0041-aot-cache-by-default.md).
#
#   aot-cache.sh run   APP_DIR [java options...]   start from APP_DIR/quarkus-run.jar: with APP_DIR/app.aot if it was
#                                                  made from exactly these files and options; else the configuration
#                                                  a previous run recorded is assembled into it first (once), or this
#                                                  run records one (the JVM writes it when the gateway stops)
#   aot-cache.sh train APP_DIR [java options...]   one training start to ready, then SIGTERM: leaves app.aot (image build)
#   aot-cache.sh build PROJECT_DIR [java options...] ./mvnw -Prun: as run, on a kept copy of PROJECT_DIR/target/quarkus-app
#                                                  that is replaced only when the sources or the build command changed
#
# JAVA names the java binary (default: java on the PATH). train polls GET /q/health/ready on 127.0.0.1:TRAIN_PORT
# (default 9000, the management port) for up to TRAIN_TIMEOUT seconds (default 300), with bash alone (no curl in images).
#
# Why a fingerprint: JDK 25 checks neither the time nor the size of an application jar against its cache: after a
# rebuild it serves the classes of the old jar without a warning. So a cache is used only beside a fingerprint of
# the files it was made from (the generated jars by content, the copied dependency jars by name, size and time),
# the JDK's build and the options; anything else records a new one.
set -euo pipefail

JAVA="${JAVA:-java}"
mode="${1:?usage: aot-cache.sh run|train APP_DIR [java options...]}"
app="${2:?usage: aot-cache.sh run|train APP_DIR [java options...]}"
shift 2
cache="$app/app.aot"
stamp="$app/app.aot.fingerprint"

# The JDK by its release file and its VM and class library files (name, size, time): starting `java -version`
# here would add a JVM start to every start.
fingerprint() {
  local jdk
  jdk=$(dirname "$(dirname "$(readlink -f "$(command -v "$JAVA")")")")
  {
    cat "$jdk/release"
    find "$jdk/lib/modules" "$jdk/lib/server" -type f -printf '%p %s %T@\n' | sort
    printf '%s\n' "$@"
    (cd "$app" && find quarkus-run.jar app quarkus -type f -print0 | sort -z | xargs -0 sha256sum)
    (cd "$app" && find lib -type f -printf '%p %s %T@\n' | sort)
  } | sha256sum | cut -d' ' -f1
}

# Replaces this shell with the gateway, so signals (Ctrl-C, SIGTERM) reach the JVM directly. The working directory
# stays the caller's (the embedded default keeps its data relative to it); the cache records the jar's path as given.
launch() {
  exec "$JAVA" "$@" -jar "$app/quarkus-run.jar"
}

# The readiness check answers 200: one HTTP/1.0 request over bash's /dev/tcp.
ready() {
  local status
  { exec 3<>"/dev/tcp/127.0.0.1/$1"; } 2>/dev/null || return 1
  printf 'GET /q/health/ready HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' >&3
  read -r -t 5 _ status _ <&3 || status=""
  exec 3>&-
  [ "$status" = 200 ]
}

# Two packages of the same sources are not byte-identical (Quarkus 3.33.2 names and orders some generated classes
# differently per build), so a cache recorded for one never fits the next: ./mvnw -Prun, which packages on every run,
# would record on every run and start with a cache on none. Instead it runs a kept copy of the first package of these
# sources (src/main by content, the build files, the Maven command line, QUARKUS_* variables, the JDK), which fits its
# cache; the package just built replaces the copy when any of them changed.
if [ "$mode" = build ]; then
  project=$app
  kept="$project/target/aot-run"
  sources=$( {
      cd "$project" && find src/main pom.xml .mvn -type f -print0 | sort -z | xargs -0 sha256sum
      printf '%s\n' "${MAVEN_CMD_LINE_ARGS:-}" "$@"
      env | grep '^QUARKUS_' | sort || true
      cat "$(dirname "$(dirname "$(readlink -f "$(command -v "$JAVA")")")")/release"
    } | sha256sum | cut -d' ' -f1)
  if [ "$(cat "$kept/sources.fingerprint" 2>/dev/null)" = "$sources" ] \
      && { [ -s "$kept/quarkus-app/app.aot" ] || [ -s "$kept/quarkus-app/app.aot.config" ]; }; then
    echo "AOT cache: these sources ran before; starting their first package ($kept/quarkus-app)" >&2
  else
    rm -rf "$kept"
    mkdir -p "$kept"
    cp -a "$project/target/quarkus-app" "$kept/quarkus-app"
    echo "$sources" > "$kept/sources.fingerprint"
  fi
  mode=run
  app="$kept/quarkus-app"
  cache="$app/app.aot"
  stamp="$app/app.aot.fingerprint"
fi

case "$mode" in
  run)
    # The fingerprint needs GNU find and sha256sum (not on macOS by default): without them, no cache rather than a
    # guessed one.
    if ! command -v sha256sum > /dev/null || ! find "$app" -maxdepth 0 -printf '' 2> /dev/null; then
      echo "AOT cache: not used (needs GNU find and sha256sum to tell whether a cache fits this package)" >&2
      launch "$@"
    fi
    current=$(fingerprint "$@")
    # Complete: app.aot is there and the configuration it was assembled from is gone.
    if [ -s "$cache" ] && [ ! -e "$cache.config" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$current" ]; then
      echo "AOT cache: starting with $cache" >&2
      # auto: a cache this JVM cannot map is ignored with a warning and the gateway starts without it
      launch -XX:AOTCache="$cache" -XX:AOTMode=auto "$@"
    fi
    # The last run recorded a configuration for these files and options: assemble the cache now, then start with it.
    # (Recording writes only the configuration as the gateway stops; the JDK's one-step -XX:AOTCacheOutput would
    # assemble in a second JVM after the first exits, which dies once ./mvnw -Prun's Maven, holding the gateway's
    # output, has gone on Ctrl-C.) A configuration cut short by a kill fails to assemble and is recorded again.
    if [ -s "$cache.config" ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$current" ]; then
      echo "AOT cache: assembling $cache from the last run's recording (once; 15-30 s)" >&2
      rm -f "$cache"
      if "$JAVA" -XX:AOTMode=create -XX:AOTConfiguration="$cache.config" -XX:AOTCache="$cache" "$@" \
          -jar "$app/quarkus-run.jar" > "$app/app.aot.log" 2>&1 && [ -s "$cache" ]; then
        rm -f "$cache.config"
        echo "AOT cache: starting with $cache" >&2
        launch -XX:AOTCache="$cache" -XX:AOTMode=auto "$@"
      fi
      echo "AOT cache: the recording could not be assembled (see $app/app.aot.log); recording again" >&2
    fi
    rm -f "$cache" "$cache.config" "$stamp"
    # The stamp goes first: the JVM writes the configuration only at exit, and a stamp without one records again.
    echo "$current" > "$stamp"
    echo "AOT cache: none for this build; recording one (written when the gateway stops, assembled at the next start)" >&2
    launch -XX:AOTMode=record -XX:AOTConfiguration="$cache.config" "$@"
    ;;
  train)
    rm -f "$cache" "$cache.config" "$stamp"
    current=$(fingerprint "$@")
    "$JAVA" -XX:AOTCacheOutput="$cache" "$@" -jar "$app/quarkus-run.jar" &
    gateway=$!
    deadline=$((SECONDS + ${TRAIN_TIMEOUT:-300}))
    until ready "${TRAIN_PORT:-9000}"; do
      kill -0 "$gateway" 2>/dev/null || { echo "AOT training: the gateway exited before it was ready" >&2; exit 1; }
      [ "$SECONDS" -lt "$deadline" ] || { kill "$gateway"; echo "AOT training: not ready within ${TRAIN_TIMEOUT:-300} s" >&2; exit 1; }
      sleep 0.2
    done
    kill -TERM "$gateway"
    wait "$gateway" || true
    [ -s "$cache" ] && [ ! -e "$cache.config" ] || { echo "AOT training: the JVM wrote no complete $cache" >&2; exit 1; }
    echo "$current" > "$stamp"
    echo "AOT training: $cache written ($(du -h "$cache" | cut -f1))" >&2
    ;;
  *)
    echo "usage: aot-cache.sh run|train APP_DIR [java options...] | build PROJECT_DIR [java options...]" >&2
    exit 2
    ;;
esac
