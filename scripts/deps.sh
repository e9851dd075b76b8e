#!/usr/bin/env bash
# deps.sh — install everything kundval needs to build, run and test.
#
# Idempotent and quiet when everything is present: it asks dpkg first and
# only calls apt-get for what is missing; npm packages come from the
# committed package-lock.json (npm ci) and are only installed when
# node_modules is missing or older than the lock file.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  build-essential pkg-config
  libmicrohttpd-dev libjansson-dev libsqlite3-dev libsodium-dev
  libcmocka-dev sqlite3 curl ca-certificates libxml2-utils liblinear-dev
  nodejs
  python3-sklearn          # bench/profiling: the scikit-learn baseline
  chromium                 # tests/e2e: Playwright drives Debian's Chromium
  wrk nginx-light          # bench/http: load generator and the static-file baseline
)

SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi

missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' \
    || missing+=("$p")
done
# npm may come from Debian or from NodeSource; only ask apt when absent.
command -v npm >/dev/null 2>&1 || missing+=(npm)

if [ ${#missing[@]} -gt 0 ]; then
  echo "deps: installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
fi

# node_modules is (re)installed when it was made from another lock file:
# the lock's hash is kept beside the packages, so a switch of branch or an
# install from elsewhere is noticed, not only a newer file.
if [ -f package-lock.json ]; then
  want=$(sha256sum package-lock.json | cut -d' ' -f1)
  have=$(cat node_modules/.kundval-lock-sha256 2>/dev/null || true)
  if [ "$want" != "$have" ]; then
    echo "deps: installing npm packages from package-lock.json"
    npm ci --no-audit --no-fund --loglevel=error >/dev/null
    echo "$want" > node_modules/.kundval-lock-sha256
  fi
fi
