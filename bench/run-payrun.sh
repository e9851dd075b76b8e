#!/usr/bin/env bash
# run-payrun.sh — the payment-run benchmark (bench/README.md):
#
#   N=500000 PERIOD=2026-10 bash bench/run-payrun.sh
#   N=50000 REPEAT=3 bash bench/run-payrun.sh       # median of three runs
#   COLD=1 N=50000 bash bench/run-payrun.sh         # nothing remembered
#
# Generates N participations that started over the 24 months before
# PERIOD (bench/gen_store.c), prepares and approves the run of the month
# before so the ledger holds their history, then times, on fresh copies
# of that database, `kundval payrun prepare --period PERIOD` and the same
# month computed by set-based SQL (bench/payrun_sql.c).  Both must agree
# on what the month pays; the script prints both times and the ratio.
# COLD=1 deletes what the run of the month before remembered
# (payrun_settled) from kundval's copy first: the first run after an
# upgrade, which settles every participation against the ledger read in
# full.  FLOOR=1 also times writing the month's postings alone — the
# ones kundval posted, copied from its database — into a fresh copy of
# the ledger with one INSERT … SELECT (sqlite3, the same pragmas): what
# any program that posts them to this ledger must at least spend.
set -euo pipefail
cd "$(dirname "$0")/.."

N=${N:-500000}
PERIOD=${PERIOD:-2026-10}
REPEAT=${REPEAT:-1}
COLD=${COLD:-0}
FLOOR=${FLOOR:-0}
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
postings=$(sqlite3 "$DIR/history.db" "SELECT count(*) FROM postings")
echo "ledger: $postings postings of history"

# A fresh copy of the history, written out, so no run finds another's
# pages dirty in the page cache.
fresh() {
  rm -f "$1" "$1"-wal "$1"-shm
  cp "$DIR/history.db" "$1"
  sync
}
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

export KUNDVAL_TODAY="${PERIOD}-20"
: > "$OUT/payrun-times"
for i in $(seq "$REPEAT"); do
  fresh "$DIR/a.db"
  if [ "$COLD" = 1 ]; then
    sqlite3 "$DIR/a.db" "DELETE FROM payrun_settled"
    sync
  fi
  /usr/bin/time -f "%e %U %S" -o "$OUT/payrun-time" build/kundval --db "$DIR/a.db" \
    payrun prepare --period "$PERIOD" --as controller1 >/dev/null
  read -r wall user sys < "$OUT/payrun-time"
  fresh "$DIR/b.db"
  "$OUT/payrun-sql" --db "$DIR/b.db" --period "$PERIOD" > "$OUT/payrun-sql.out"
  sql=$(sed -n 's/^sql: \([0-9.]*\) s$/\1/p' "$OUT/payrun-sql.out")
  echo "$wall $(awk "BEGIN { print $user + $sys }") $sql" >> "$OUT/payrun-times"
  echo "run $i: kundval $wall s (cpu $(awk "BEGIN { print $user + $sys }") s), sql $sql s"
done
engine_s=$(awk '{ print $1 }' "$OUT/payrun-times" | median)
cpu_s=$(awk '{ print $2 }' "$OUT/payrun-times" | median)
sql_s=$(awk '{ print $3 }' "$OUT/payrun-times" | median)
echo "kundval payrun prepare: $engine_s s (cpu $cpu_s s)"
echo "sql baseline: $sql_s s"
sqlite3 "$DIR/a.db" "SELECT 'total ' || p.component || ' ' || sum(p.amount) || ' in '
  || count(*) || ' lines' FROM postings p JOIN vouchers v ON v.id = p.voucher_id
  JOIN payruns r ON r.id = v.payrun_id WHERE r.period = '$PERIOD' AND p.kind IN
  ('line','correction','clawback') GROUP BY p.component ORDER BY p.component" \
  > "$OUT/payrun-engine.out"
if ! diff <(grep '^total' "$OUT/payrun-engine.out") <(grep '^total' "$OUT/payrun-sql.out"); then
  echo "checksums: DIFFER" >&2
  exit 1
fi
echo "checksums: agree ($(grep -c '^total' "$OUT/payrun-engine.out") components)"
cat "$OUT/payrun-engine.out"
echo "ledger after: $(build/kundval --db "$DIR/a.db" ledger verify | sed -n 's/.*"hash": "\(.*\)".*/\1/p')"
if [ "$FLOOR" = 1 ]; then
  fresh "$DIR/f.db"
  rm -f "$DIR/month.db"
  sqlite3 "$DIR/f.db" "ATTACH '$DIR/a.db' AS a; ATTACH '$DIR/month.db' AS m;
    INSERT INTO payruns SELECT * FROM a.payruns WHERE id NOT IN
      (SELECT id FROM main.payruns);
    INSERT INTO payrun_preparations SELECT * FROM a.payrun_preparations
      WHERE id NOT IN (SELECT id FROM main.payrun_preparations);
    INSERT INTO vouchers SELECT * FROM a.vouchers WHERE id >
      (SELECT max(id) FROM main.vouchers);
    CREATE TABLE m.postings AS SELECT * FROM a.postings WHERE id >
      (SELECT max(id) FROM main.postings);"
  sync
  /usr/bin/time -f "%e %U %S" -o "$OUT/payrun-floor" sqlite3 "$DIR/f.db" \
    "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;
     PRAGMA foreign_keys = ON; PRAGMA cache_size = -65536;
     PRAGMA wal_autocheckpoint = 16384; ATTACH '$DIR/month.db' AS m;
     BEGIN IMMEDIATE; INSERT INTO main.postings SELECT * FROM m.postings
     ORDER BY id; COMMIT;" >/dev/null
  read -r wall user sys < "$OUT/payrun-floor"
  echo "floor, the month's $(sqlite3 "$DIR/month.db" "SELECT count(*) FROM postings")" \
    "postings written alone: $wall s (cpu $(awk "BEGIN { print $user + $sys }") s)"
fi
awk "BEGIN { printf \"ratio (sql / kundval): %.2fx\n\", $sql_s / $engine_s }"
