#!/usr/bin/env bash
# The Keycloak lane (not in the default suite; docs/operations.md "Sign-in with Keycloak"): fetches
# org.keycloak:keycloak-quarkus-dist from Maven Central with Maven, starts it in dev mode with the realm in
# chaperone-realm.json (alice, tom, olivia), starts the packaged gateway on the embedded default with OIDC sign-in
# pointed at it (development issuer off), and runs the Playwright spec that signs in through Keycloak's own login page.
# Usage: src/test/keycloak/run.sh   (KC_VERSION, KC_PORT, GATEWAY_PORT may be set; needs the jar: ./mvnw package)
set -euo pipefail
cd "$(dirname "$0")/../../.."
ROOT=$PWD
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
export PATH="$JAVA_HOME/bin:$PATH"
KC_VERSION="${KC_VERSION:-26.7.3}"
KC_PORT="${KC_PORT:-18180}"
GATEWAY_PORT="${GATEWAY_PORT:-18280}"
WORK="$ROOT/target/keycloak-lane"
KC_HOME="$WORK/keycloak-$KC_VERSION"
mkdir -p "$WORK"

if [ ! -x "$KC_HOME/bin/kc.sh" ]; then
  ./mvnw -B -q dependency:copy -Dartifact="org.keycloak:keycloak-quarkus-dist:$KC_VERSION:tar.gz" -DoutputDirectory="$WORK"
  tar -xzf "$WORK/keycloak-quarkus-dist-$KC_VERSION.tar.gz" -C "$WORK"
fi
[ -f target/quarkus-app/quarkus-run.jar ] || ./mvnw -B -q package -DskipTests

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

ISSUER="http://127.0.0.1:$KC_PORT/realms/chaperone"
if curl -sf "$ISSUER/.well-known/openid-configuration" >/dev/null; then
  echo "reusing the Keycloak already answering at $ISSUER"
else
  mkdir -p "$KC_HOME/data/import"
  sed "s/@GATEWAY_PORT@/$GATEWAY_PORT/g" src/test/keycloak/chaperone-realm.json > "$KC_HOME/data/import/chaperone-realm.json"
  KC_BOOTSTRAP_ADMIN_USERNAME=admin KC_BOOTSTRAP_ADMIN_PASSWORD=admin-lane \
    "$KC_HOME/bin/kc.sh" start-dev --http-host=127.0.0.1 --http-port="$KC_PORT" --import-realm --hostname-strict=false \
    > "$WORK/keycloak.log" 2>&1 &
  pids+=($!)
fi
echo "waiting for Keycloak at $ISSUER (log: $WORK/keycloak.log)"
for _ in $(seq 1 600); do curl -sf "$ISSUER/.well-known/openid-configuration" >/dev/null && break; sleep 1; done
curl -sf "$ISSUER/.well-known/openid-configuration" >/dev/null || { tail -50 "$WORK/keycloak.log"; exit 1; }

STATE_KEY=$(head -c 32 /dev/urandom | base64)
rm -rf "$WORK/gateway-data"
java -Dquarkus.http.port="$GATEWAY_PORT" -Dquarkus.http.ssl-port=$((GATEWAY_PORT + 1)) \
  -Dquarkus.management.port=$((GATEWAY_PORT + 2)) -Dchaperone.embedded.data-dir="$WORK/gateway-data" \
  -Dchaperone.dev-issuer.enabled=false -Dchaperone.oidc.enabled=true -Dchaperone.oidc.issuer="$ISSUER" \
  -Dchaperone.oidc.client-id=chaperone-gateway -Dchaperone.oidc.client-secret=chaperone-lane-secret \
  -Dchaperone.oidc.state-key="$STATE_KEY" -Dmp.jwt.verify.issuer="$ISSUER" \
  -Dmp.jwt.verify.publickey.location="$ISSUER/protocol/openid-connect/certs" \
  -jar target/quarkus-app/quarkus-run.jar > "$WORK/gateway.log" 2>&1 &
pids+=($!)
echo "waiting for the gateway on :$GATEWAY_PORT (log: $WORK/gateway.log)"
for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$((GATEWAY_PORT + 2))/q/health/ready" >/dev/null && break; sleep 1; done
curl -sf "http://127.0.0.1:$((GATEWAY_PORT + 2))/q/health/ready" >/dev/null || { tail -50 "$WORK/gateway.log"; exit 1; }

cd src/test/web
[ -d node_modules ] || npm ci --no-audit --no-fund
GATEWAY_URL="http://127.0.0.1:$GATEWAY_PORT" KEYCLOAK_URL="http://127.0.0.1:$KC_PORT" \
  SCREENSHOTS_DIR="$ROOT/target/screenshots" node --test lanes/keycloak.spec.mjs
