# Sourced by the launchers beside it (chaperone-terminal, chaperone-audit-verify). Sets CHAPERONE_JAVA to a
# `java` of JDK 21 or newer, looking where ./mvnw looks and a little further: JAVA_HOME, the PATH, then the
# usual install directories (newest first). The clients are Java 21 sources, so an older default `java`
# (e.g. OpenJDK 17) is skipped rather than failing with "patterns in switch statements are a preview feature".
chaperone_java_major() {
  "$1" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n1
}

chaperone_find_java() {
  for candidate in ${JAVA_HOME:+"$JAVA_HOME/bin/java"} "$(command -v java 2>/dev/null || true)" \
      $(ls -d /usr/lib/jvm/*/bin/java /Library/Java/JavaVirtualMachines/*/Contents/Home/bin/java 2>/dev/null | sort -rV); do
    [ -n "$candidate" ] && [ -x "$candidate" ] || continue
    major="$(chaperone_java_major "$candidate")"
    if [ "${major:-0}" -ge 21 ] 2>/dev/null; then
      printf '%s\n' "$candidate"
      return 0
    fi
  done
  return 1
}

CHAPERONE_JAVA="$(chaperone_find_java)" || {
  echo "no JDK 21 or newer found (looked at JAVA_HOME, the PATH and /usr/lib/jvm); install one, e.g. Temurin 25," >&2
  echo "or point JAVA_HOME at it" >&2
  exit 3
}
