#!/usr/bin/env bash
# payrun-crash.sh — the payment run survives being killed (issue [payrun]).
#
# Generates a market of N participations (bench/gen_store.c), prepares the
# run of PERIOD once without interruption (the reference), then on a copy
# starts the same preparation KILLS times and kills it with SIGKILL at a
# random moment within the reference's duration, and finally lets it run to
# the end.  The ledgers must be byte for byte the same (the hash of
# `kundval ledger verify`, over every voucher and posting), every voucher
# balanced and no idempotency key used twice.
#
#   N=50000 KILLS=200 bash tests/crash/payrun-crash.sh     (`make crash`)
#   N=3000 KILLS=15 bash tests/crash/payrun-crash.sh       (in `make check`)
set -euo pipefail
cd "$(dirname "$0")/../.."

N=${N:-50000}
KILLS=${KILLS:-200}
SEED=${SEED:-20261020}
PERIOD=${PERIOD:-2026-10}
export KUNDVAL_TODAY=${KUNDVAL_TODAY:-2026-10-20}
BIN=${KUNDVAL_BIN:-build/kundval}
GEN=${GEN_BIN:-build/bench/gen-store}
DIR=$(mktemp -d "${TMPDIR:-/tmp}/kundval-crash.XXXXXX")
trap 'rm -rf "$DIR"' EXIT

if [ -z "${GEN_BIN:-}" ]; then
  make --no-print-directory build/kundval build/rel/libkundval.a >/dev/null
  mkdir -p build/bench
  # shellcheck disable=SC2046
  cc -std=c11 -O2 -Wall -Wextra -Werror -Wno-format-truncation -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L \
    -Isrc -Ibuild/gen -Ibench -o "$GEN" bench/gen_store.c build/rel/libkundval.a \
    $(pkg-config --libs libmicrohttpd jansson sqlite3 libsodium) -llinear -lpthread -lm
fi

hash_of() {
  "$BIN" --db "$1" ledger verify > "$DIR/verify.json" || { cat "$DIR/verify.json"; return 1; }
  grep -q '"duplicate_keys": 0' "$DIR/verify.json"
  grep -q '"ok": true' "$DIR/verify.json"
  sed -n 's/.*"hash": "\([0-9a-f]*\)".*/\1/p' "$DIR/verify.json"
}
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

"$GEN" --db "$DIR/base.db" --n "$N" --period "$PERIOD" --seed "$SEED" 2>/dev/null
cp "$DIR/base.db" "$DIR/ref.db"
cp "$DIR/base.db" "$DIR/crash.db"

t0=$(now_ms)
"$BIN" --db "$DIR/ref.db" payrun prepare --period "$PERIOD" --as controller1 >/dev/null
ms=$(( $(now_ms) - t0 ))
ref=$(hash_of "$DIR/ref.db")
echo "crash: reference run of $N participations took ${ms} ms; ledger $ref"

# Kill at a random moment of the reference's duration; a run that was
# killed is resumed by the next start.  When a start gets to the end
# before its kill, the cycle is complete: its ledger must equal the
# reference, and the next cycle starts again from the generated market.
kills=0; cycles=0; tries=0
while [ "$kills" -lt "$KILLS" ]; do
  tries=$((tries + 1))
  delay=$(( (RANDOM * 32768 + RANDOM) % (ms + 1) ))
  "$BIN" --db "$DIR/crash.db" payrun prepare --period "$PERIOD" --as controller1 \
    >/dev/null 2>&1 &
  pid=$!
  sleep "$(printf '%d.%03d' $((delay / 1000)) $((delay % 1000)))"
  if kill -9 "$pid" 2>/dev/null; then
    wait "$pid" 2>/dev/null || true
    kills=$((kills + 1))
    continue
  fi
  wait "$pid"
  got=$(hash_of "$DIR/crash.db")
  if [ "$got" != "$ref" ]; then
    echo "crash: FAIL — cycle $((cycles + 1)): the ledger differs from the uninterrupted run" >&2
    exit 1
  fi
  cycles=$((cycles + 1))
  cp "$DIR/base.db" "$DIR/crash.db"
done
"$BIN" --db "$DIR/crash.db" payrun prepare --period "$PERIOD" --as controller1 >/dev/null
got=$(hash_of "$DIR/crash.db")
if [ "$got" != "$ref" ]; then
  echo "crash: FAIL — the ledger differs from the uninterrupted run" >&2
  exit 1
fi
cycles=$((cycles + 1))
echo "crash: $kills kills in $cycles completed preparations ($tries starts): every ledger"
echo "crash: equal to the reference ($got), balanced, no key twice"
