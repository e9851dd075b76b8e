#!/usr/bin/env bash
# run-http.sh — the HTTP benchmark of issue 8 (bench/README.md, "HTTP"):
#
#   bash bench/run-http.sh                  # what `make bench-http` runs
#   N=200000 DURATION=10 ROUNDS=3 bash bench/run-http.sh
#   BENCH_STRICT=1 …                        # also fail when a target is missed
#   KUNDVAL=/path/to/kundval …              # measure another build (one without the cache)
#
# Builds the release binary, generates a market with N participations
# (bench/gen_store.c), serves it with `kundval serve` on loopback, fetches
# the exact bytes of each endpoint and serves those as static files with
# nginx (bench/nginx.conf), then runs wrk against both — threads = nproc,
# connections = 2 × nproc, a warm-up, then ROUNDS rounds of DURATION
# seconds each, kundval and nginx in turn — and prints the medians:
# requests/s and p99 of each, the ratio, and each target met or missed
# (ratio >= 50 % of nginx, kundval's p99 < 5 ms).  It also prints the CPU
# time each server spent per request (from /proc), which a busy machine
# disturbs far less than the rates.
#
# Exit status: 0, or 1 when kundval's bytes differ from nginx's (or a
# target is missed under BENCH_STRICT=1), 2 when something does not build
# or start.  Every process started here is stopped on exit.
set -euo pipefail
cd "$(dirname "$0")/.."

N=${N:-200000}
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-3}
ROUNDS=${ROUNDS:-3}
MUNI=${MUNI:-0180}
CPUS=$(nproc)
THREADS=$CPUS
CONNS=$((2 * CPUS))
OUT=build/bench
CC=${CC:-cc}
KUNDVAL=${KUNDVAL:-build/kundval}
# The market as of the 20th of last month (gen_store): in the past whatever
# today is; the server runs on the real clock, as in production.
PERIOD=$(date -d "$(date +%Y-%m-15) -1 month" +%Y-%m)

for tool in wrk nginx curl; do
	command -v "$tool" >/dev/null || { echo "run-http: no $tool (make deps)" >&2; exit 2; }
done

DIR=${BENCH_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/kundval-http.XXXXXX")}
mkdir -p "$DIR/www" "$DIR/nginx-tmp"
KPID=
NPID=
cleanup() {
	for p in $KPID $NPID; do
		kill "$p" 2>/dev/null || true
		wait "$p" 2>/dev/null || true
	done
	# The database stays for another run (BENCH_DIR); the rest goes.
	[ -n "${BENCH_DIR:-}" ] || rm -rf "$DIR"
}
trap cleanup EXIT
trap 'exit 2' INT TERM

make --no-print-directory build/kundval build/rel/libkundval.a >/dev/null || exit 2
mkdir -p "$OUT"
CFLAGS="-std=c11 -O2 -g -Wall -Wextra -Werror -Wno-format-truncation \
  -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L -Isrc -Ibuild/gen -Ibench"
LIBS="$(pkg-config --libs libmicrohttpd jansson sqlite3 libsodium) -llinear -lpthread -lm"
# shellcheck disable=SC2086
$CC $CFLAGS -o "$OUT/gen-store" bench/gen_store.c build/rel/libkundval.a $LIBS || exit 2

echo "machine: $CPUS CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')," \
     "load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "tools: $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2), $(nginx -v 2>&1 | cut -d' ' -f3)"
if [ ! -f "$DIR/http.db" ]; then
	echo "== generating $N participations (not timed)"
	"$OUT/gen-store" --db "$DIR/http.db" --n "$N" --period "$PERIOD" 2>/dev/null || exit 2
fi

# A free loopback port for nginx (kundval picks its own with --port 0).
NPORT=
for p in $(shuf -i 20000-60000 -n 50); do
	if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then NPORT=$p; break; fi
done
[ -n "$NPORT" ] || { echo "run-http: no free port" >&2; exit 2; }

"$KUNDVAL" serve --db "$DIR/http.db" --port 0 --threads "$THREADS" \
	> "$DIR/kundval.out" 2> "$DIR/kundval.err" &
KPID=$!
KBASE=
for _ in $(seq 100); do
	KBASE=$(sed -n 's/^kundval: listening on \(http:[^ ]*\)$/\1/p' "$DIR/kundval.out")
	[ -n "$KBASE" ] && break
	kill -0 "$KPID" 2>/dev/null || break
	sleep 0.1
done
[ -n "$KBASE" ] || { echo "run-http: kundval did not start:" >&2; cat "$DIR/kundval.err" >&2; exit 2; }

sed -e "s|@DIR@|$DIR|g" -e "s|@PORT@|$NPORT|g" -e "s|@WORKERS@|$CPUS|g" \
	bench/nginx.conf > "$DIR/nginx.conf"
nginx -p "$DIR" -c "$DIR/nginx.conf" -e "$DIR/nginx-error.log" -g 'daemon off;' &
NPID=$!
NBASE="http://127.0.0.1:$NPORT"

# A visitor who has been here before: the anonymous cookie the first page
# set (a browser sends it back), so every request gets the same bytes —
# the page carries that visitor's CSRF token.
ANON=$(curl -s -D - -o /dev/null "$KBASE/" | sed -n 's/^Set-Cookie: \(kv_anon=[0-9a-f]*\);.*/\1/p')
[ -n "$ANON" ] || { echo "run-http: no anonymous cookie" >&2; exit 2; }
# A provider's staff with a token, for the signed-in list shown for scale:
# the provider with the most participations.
PROVIDER=$(sqlite3 "$DIR/http.db" "SELECT provider_id FROM participations GROUP BY 1 ORDER BY count(*) DESC LIMIT 1" 2>/dev/null || echo 1)
STAFF=$(printf 'staff%02d' "$PROVIDER")
curl -s -c "$DIR/jar" -H 'Content-Type: application/json' \
	-d "{\"username\":\"$STAFF\",\"password\":\"kundval-demo\"}" "$KBASE/api/v1/session" >/dev/null
TOKEN=$(curl -s -b "$DIR/jar" -H 'Content-Type: application/json' -d '{"label":"bench"}' \
	"$KBASE/api/v1/tokens" | sed -n 's/.*"token":"\([0-9a-f]*\)".*/\1/p')
[ -n "$TOKEN" ] || { echo "run-http: no API token for $STAFF" >&2; exit 2; }

# name | kundval path | static file | extra wrk header | has a target
ENDPOINTS=(
	"compare|/compare?municipality=$MUNI|compare.html|Cookie: $ANON|yes"
	"providers.json|/api/v1/municipalities/$MUNI/providers|providers.json||yes"
	"participations.json|/api/v1/participations|participations.json|Authorization: Bearer $TOKEN|no"
)

status=0
for e in "${ENDPOINTS[@]}"; do
	IFS='|' read -r name path file header _ <<< "$e"
	args=(-s --fail)
	[ -z "$header" ] || args+=(-H "$header")
	curl "${args[@]}" -o "$DIR/www/$file" "$KBASE$path" || { echo "run-http: GET $path failed" >&2; exit 2; }
done
for _ in $(seq 50); do curl -s -o /dev/null "$NBASE/compare.html" && break; sleep 0.1; done
for e in "${ENDPOINTS[@]}"; do
	IFS='|' read -r name path file header _ <<< "$e"
	args=(-s)
	[ -z "$header" ] || args+=(-H "$header")
	if ! cmp -s <(curl "${args[@]}" "$KBASE$path") <(curl -s "$NBASE/$file"); then
		echo "run-http: $name: kundval's bytes differ from nginx's" >&2
		status=1
	fi
	echo "$name: $(wc -c < "$DIR/www/$file") bytes, kundval $path, nginx /$file"
done

# "Requests/sec: 123.45" and the "99%" line of --latency, in ms.
rps() { sed -n 's/^Requests\/sec: *\([0-9.]*\)$/\1/p' "$1"; }
p99() {
	awk '$1 == "99%" { v = $2; u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v)
		f = (u == "us") ? 0.001 : (u == "ms") ? 1 : (u == "s") ? 1000 : (u == "m") ? 60000 : -1
		printf "%.2f\n", v * f }' "$1"
}
# CPU ticks (user + system) of a process and its children's threads so far.
ticks() {
	local t=0 p
	for p in "$@" $(for q in "$@"; do pgrep -P "$q" || true; done); do
		t=$((t + $(awk '{ print $14 + $15 }' "/proc/$p/stat" 2>/dev/null || echo 0)))
	done
	echo "$t"
}
HZ=$(getconf CLK_TCK)
median() { sort -g | awk '{ a[NR] = $1 } END { print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
bench() {  # url header file pid
	local args=(-t "$THREADS" -c "$CONNS" -d "${DURATION}s" --latency) t0 t1
	[ -z "$2" ] || args+=(-H "$2")
	t0=$(ticks "$4")
	wrk "${args[@]}" "$1" > "$3"
	t1=$(ticks "$4")
	awk -v t="$((t1 - t0))" -v hz="$HZ" '/ requests in / { printf "%.1f\n", t * 1e6 / hz / $1 }' \
		"$3" > "$3.cpu"
	grep -q '^Requests/sec' "$3" || { echo "run-http: wrk failed on $1" >&2; cat "$3" >&2; exit 2; }
	if grep -q 'Non-2xx' "$3"; then echo "run-http: errors from $1" >&2; cat "$3" >&2; exit 2; fi
}

echo "== wrk: $THREADS threads, $CONNS connections, ${WARMUP} s warm-up, $ROUNDS × ${DURATION} s each, in turn"
printf '%-20s %11s %8s %7s %11s %8s %7s  %s\n' endpoint "kundval r/s" "p99 ms" "µs cpu" \
	"nginx r/s" "p99 ms" "µs cpu" "ratio, targets"
for e in "${ENDPOINTS[@]}"; do
	IFS='|' read -r name path file header target <<< "$e"
	for base in "$KBASE$path" "$NBASE/$file"; do
		args=(-t "$THREADS" -c "$CONNS" -d "${WARMUP}s")
		[ -z "$header" ] || args+=(-H "$header")
		wrk "${args[@]}" "$base" >/dev/null
	done
	for s in k n; do : > "$DIR/$s.rps"; : > "$DIR/$s.p99"; : > "$DIR/$s.cpu"; done
	for r in $(seq "$ROUNDS"); do
		bench "$KBASE$path" "$header" "$DIR/k.$r" "$KPID"
		bench "$NBASE/$file" "$header" "$DIR/n.$r" "$NPID"
		for s in k n; do
			rps "$DIR/$s.$r" >> "$DIR/$s.rps"; p99 "$DIR/$s.$r" >> "$DIR/$s.p99"
			cat "$DIR/$s.$r.cpu" >> "$DIR/$s.cpu"
		done
	done
	kr=$(median < "$DIR/k.rps"); kp=$(median < "$DIR/k.p99"); kc=$(median < "$DIR/k.cpu")
	nr=$(median < "$DIR/n.rps"); np=$(median < "$DIR/n.p99"); nc=$(median < "$DIR/n.cpu")
	verdict=$(awk -v kr="$kr" -v nr="$nr" -v kp="$kp" -v t="$target" 'BEGIN {
		ratio = kr / nr
		if (t != "yes") { printf "%.1f%% (no target: signed in, never cached)", 100 * ratio; exit }
		printf "%.1f%% ratio>=50%%:%s p99<5ms:%s", 100 * ratio,
			(ratio >= 0.5 ? "PASS" : "MISS"), (kp + 0 < 5 ? "PASS" : "MISS") }')
	printf '%-20s %11.0f %8.2f %7.1f %11.0f %8.2f %7.1f  %s\n' "$name" "$kr" "$kp" "$kc" \
		"$nr" "$np" "$nc" "$verdict"
	echo "  rounds: kundval r/s $(paste -sd' ' "$DIR/k.rps"), p99 $(paste -sd' ' "$DIR/k.p99");" \
	     "nginx r/s $(paste -sd' ' "$DIR/n.rps"), p99 $(paste -sd' ' "$DIR/n.p99")"
	case "$verdict" in *MISS*) [ "${BENCH_STRICT:-0}" = 1 ] && status=1 ;; esac
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
exit $status
