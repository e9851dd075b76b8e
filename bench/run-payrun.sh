#!/usr/bin/env bash
# run-payrun.sh — the payment-run benchmark (bench/README.md):
#
#   N=500000 PERIOD=2026-10 bash bench/run-payrun.sh
#
# Generates N participations that started over the 24 months before
# PERIOD (bench/gen_store.c), prepares and approves the run of the month
# before so the ledger holds their history, then times, on two copies of
# that database, `kundval payrun prepare --period PERIOD` and the same
# month computed by set-based SQL (bench/payrun_sql.c).  Both must agree
# on what the month pays; the script prints both times and the ratio.
set -euo pipefail
cd "$(dirname "$0")/.."

N=${N:-500000}
PERIOD=${PERIOD:-2026-10}
OUT=build/bench
DIR=${BENCH_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/kundval-bench.XXXXXX")}
CC=${CC:-cc}

make --no-print-directory build/kundval build/rel/libkundval.a >/dev/null || exit 2
mkdir -p "$OUT"
CFLAGS="-std=c11 -O2 -g -Wall -Wextra -Werror -Wno-format-truncation \
  -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L -Isrc -Ibuild/gen -Ibench"
LIBS="$(pkg-config --libs libmicrohttpd jansson sqlite3 libsodium) -llinear -lpthread -lm"
# shellcheck disable=SC2086
$CC $CFLAGS -o "$OUT/gen-store" bench/gen_store.c build/rel/libkundval.a $LIBS || exit 2
# shellcheck disable=SC2086
$CC $CFLAGS -o "$OUT/payrun-sql" bench/payrun_sql.c build/rel/libkundval.a $LIBS || exit 2

prev=$(date -d "${PERIOD}-01 -1 month" +%Y-%m)
echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
if [ ! -f "$DIR/history.db" ]; then
  echo "== generating $N participations and the history through $prev (not timed)"
  "$OUT/gen-store" --db "$DIR/history.db" --n "$N" --period "$PERIOD" 2>/dev/null
  KUNDVAL_TODAY="${prev}-20" build/kundval --db "$DIR/history.db" payrun prepare \
    --period "$prev" --as controller1 >/dev/null
  KUNDVAL_TODAY="${prev}-20" build/kundval --db "$DIR/history.db" payrun approve \
    --period "$prev" --as controller2 --delegation "bench" >/dev/null
fi
rm -f "$DIR"/a.db* "$DIR"/b.db*
cp "$DIR/history.db" "$DIR/a.db"
cp "$DIR/history.db" "$DIR/b.db"
postings=$(sqlite3 "$DIR/a.db" "SELECT count(*) FROM postings")
echo "ledger: $postings postings of history"

export KUNDVAL_TODAY="${PERIOD}-20"
t0=$(date +%s%N)
build/kundval --db "$DIR/a.db" payrun prepare --period "$PERIOD" --as controller1 >/dev/null
t1=$(date +%s%N)
engine_s=$(awk "BEGIN { printf \"%.3f\", ($t1 - $t0) / 1e9 }")
echo "kundval payrun prepare: $engine_s s"
sqlite3 "$DIR/a.db" "SELECT 'total ' || p.component || ' ' || sum(p.amount) || ' in '
  || count(*) || ' lines' FROM postings p JOIN vouchers v ON v.id = p.voucher_id
  JOIN payruns r ON r.id = v.payrun_id WHERE r.period = '$PERIOD' AND p.kind IN
  ('line','correction','clawback') GROUP BY p.component ORDER BY p.component" \
  > "$OUT/payrun-engine.out"
"$OUT/payrun-sql" --db "$DIR/b.db" --period "$PERIOD" > "$OUT/payrun-sql.out"
sql_s=$(sed -n 's/^sql: \([0-9.]*\) s$/\1/p' "$OUT/payrun-sql.out")
echo "sql baseline: $sql_s s"
if ! diff <(grep '^total' "$OUT/payrun-engine.out") <(grep '^total' "$OUT/payrun-sql.out"); then
  echo "checksums: DIFFER" >&2
  exit 1
fi
echo "checksums: agree ($(grep -c '^total' "$OUT/payrun-engine.out") components)"
cat "$OUT/payrun-engine.out"
awk "BEGIN { printf \"ratio (sql / kundval): %.2fx\n\", $sql_s / $engine_s }"
