#!/usr/bin/env bash
# run-engine.sh — the engine benchmark (see bench/README.md).
#
# Builds bench/engine and bench/engine-sql with release flags (-O2) against
# build/rel/libkundval.a, runs both on the same seed, checks that they owe
# the same amounts per component, and prints both rates and their ratio.
#
#   SEED=20240501 N=500000 REPEAT=3 bash bench/run-engine.sh
#   BENCH_STRICT=1 …   also fail when a target is missed
#
# Exit status: 0, or 1 when the totals differ (or a target is missed under
# BENCH_STRICT=1), 2 when something does not build or run.
set -euo pipefail
cd "$(dirname "$0")/.."

SEED=${SEED:-20240501}
N=${N:-500000}
REPEAT=${REPEAT:-3}
OUT=build/bench
CC=${CC:-cc}

make --no-print-directory build/rel/libkundval.a >/dev/null || exit 2
mkdir -p "$OUT"
CFLAGS="-std=c11 -O2 -g -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
  -Wmissing-prototypes -Wvla -Wformat=2 -Wno-format-truncation \
  -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L -Isrc -Ibuild/gen -Ibench \
  $(pkg-config --cflags libmicrohttpd jansson sqlite3 libsodium)"
LIBS="$(pkg-config --libs libmicrohttpd jansson sqlite3 libsodium) -llinear -lpthread -lm"
# shellcheck disable=SC2086
$CC $CFLAGS -o "$OUT/engine" bench/engine.c bench/gen.c build/rel/libkundval.a $LIBS || exit 2
# shellcheck disable=SC2086
$CC $CFLAGS -o "$OUT/engine-sql" bench/engine_sql.c bench/gen.c build/rel/libkundval.a $LIBS || exit 2

echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
echo "== bench/engine (seed $SEED, $N participants)"
"$OUT/engine" --seed "$SEED" --n "$N" --repeat "$REPEAT" | tee "$OUT/engine.out" || exit 2
echo "== bench/engine-sql (seed $SEED, $N participants)"
"$OUT/engine-sql" --seed "$SEED" --n "$N" | tee "$OUT/engine-sql.out" || exit 2

rate() { sed -n "s/^$1: \([0-9.]*\) M participant-months\/s$/\1/p" "$2"; }
e=$(rate engine "$OUT/engine.out")
s=$(rate sql "$OUT/engine-sql.out")
[ -n "$e" ] && [ -n "$s" ] || { echo "run-engine: no rate printed" >&2; exit 2; }

echo "== result"
status=0
if diff <(grep '^total' "$OUT/engine.out") <(grep '^total' "$OUT/engine-sql.out") >/dev/null; then
	echo "checksums: agree ($(grep '^total all' "$OUT/engine.out" | awk '{print $3}') ore," \
	     "per component)"
else
	echo "checksums: DIFFER"
	diff <(grep '^total' "$OUT/engine.out") <(grep '^total' "$OUT/engine-sql.out") || true
	status=1
fi
echo "engine: $e M participant-months/s"
echo "sql: $s M participant-months/s"
ratio=$(awk -v e="$e" -v s="$s" 'BEGIN { printf "%.1f", e / s }')
echo "ratio: ${ratio}x"
awk -v e="$e" -v r="$ratio" 'BEGIN {
	ok_e = (e + 0 >= 10); ok_r = (r + 0 >= 10)
	printf "target engine >= 10 M participant-months/s: %s\n", (ok_e ? "met" : "MISSED")
	printf "target ratio >= 10x: %s\n", (ok_r ? "met" : "MISSED")
	exit !(ok_e && ok_r) }' || { [ "${BENCH_STRICT:-0}" = 1 ] && status=1; }
exit $status
