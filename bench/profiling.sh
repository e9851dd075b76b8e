#!/usr/bin/env bash
# profiling.sh — the profiling benchmark (bench/README.md): kundval's
# job-chance model against scikit-learn's LogisticRegression.
#
#   bash bench/profiling.sh                  # what `make bench-profiling` runs
#   N=200000 bash bench/profiling.sh         # a quicker look
#   THREADS=1 JOBS=1 bash bench/profiling.sh # one CPU each
#   BENCH_STRICT=1 …                         # also fail when a target is missed
#
# Generates a training history (seed 1, N people) and a holdout (seed 2,
# N/4 people) with `kundval generate`, trains on the first with `kundval
# model train` and with bench/profiling_sklearn.py (the same features,
# split, C grid and calibration), evaluates both on the holdout, times
# profile_score with build/bench/score, and prints the figures with
# PASS/MISS against issue 6's targets:
#   AUC within 0.002 of scikit-learn's; training time no worse than
#   scikit-learn's; scoring >= 5 M people/s.
#
# Exit status: 0, or 1 when a target is missed under BENCH_STRICT=1, 2
# when something does not build or run.
set -euo pipefail
cd "$(dirname "$0")/.."

N=${N:-1000000}
N_HOLDOUT=${N_HOLDOUT:-$((N / 4))}
THREADS=${THREADS:-$(nproc)}
JOBS=${JOBS:-1,$THREADS}     # scikit-learn's n_jobs values; the fastest is kept
PY=${PY:-/usr/bin/python3}   # Debian's python3-sklearn (scripts/deps.sh)
OUT=build/bench
CC=${CC:-cc}
DIR=$(mktemp -d "${TMPDIR:-/tmp}/kundval-profiling.XXXXXX")
trap 'rm -rf "$DIR"' EXIT

make --no-print-directory build/kundval build/rel/libkundval.a >/dev/null || exit 2
mkdir -p "$OUT"
CFLAGS="-std=c11 -O2 -g -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
  -Wmissing-prototypes -Wvla -Wformat=2 -Wno-format-truncation \
  -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L -Isrc -Ibuild/gen -Ibench \
  $(pkg-config --cflags libmicrohttpd jansson sqlite3 libsodium)"
LIBS="$(pkg-config --libs libmicrohttpd jansson sqlite3 libsodium) -llinear -lpthread -lm"
# shellcheck disable=SC2086
$CC $CFLAGS -o "$OUT/score" bench/score.c build/rel/libkundval.a $LIBS || exit 2
"$PY" -c 'import sklearn' 2>/dev/null || {
	echo "profiling: scikit-learn is missing for $PY (make deps)" >&2; exit 2; }

echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')," \
     "load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "scikit-learn $("$PY" -c 'import sklearn; print(sklearn.__version__)'), $("$PY" --version)"
echo "== generating $N training and $N_HOLDOUT holdout people (not timed)"
build/kundval generate --seed 1 --people "$N" --out "$DIR/train.csv" 2>/dev/null || exit 2
build/kundval generate --seed 2 --people "$N_HOLDOUT" --out "$DIR/holdout.csv" 2>/dev/null || exit 2

echo "== kundval model train (--threads $THREADS)"
t0=$(date +%s%N)
KUNDVAL_TODAY=2026-01-01 build/kundval model train --history "$DIR/train.csv" \
	--out "$DIR/model.json" --threads "$THREADS" 2> "$OUT/profiling-kundval.err" || {
	cat "$OUT/profiling-kundval.err" >&2; exit 2; }
t1=$(date +%s%N)
cat "$OUT/profiling-kundval.err"
# "model: time: read R s, cross-validation V s (T threads), fit F s, calibration C s"
read -r k_read k_cv k_fit k_cal < <(sed -n 's/^model: time: read \([0-9.]*\) s, cross-validation \([0-9.]*\) s .*, fit \([0-9.]*\) s, calibration \([0-9.]*\) s$/\1 \2 \3 \4/p' \
	"$OUT/profiling-kundval.err")
[ -n "${k_cal:-}" ] || { echo "profiling: no time line from model train" >&2; exit 2; }
k_train=$(awk -v a="$k_cv" -v b="$k_fit" -v c="$k_cal" 'BEGIN { printf "%.3f", a + b + c }')
k_wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", (b - a) / 1e9 }')
k_c=$(sed -n 's/^model: .* rows, C = \([0-9.e+-]*\),.*/\1/p' "$OUT/profiling-kundval.err")
build/kundval model report "$DIR/model.json" --history "$DIR/holdout.csv" --json \
	> "$OUT/profiling-report.json" || exit 2
k_auc=$("$PY" -c 'import json, sys; print("%.6f" % json.load(open(sys.argv[1]))["model_scores"]["auc"])' \
	"$OUT/profiling-report.json")

echo "== scikit-learn LogisticRegressionCV (n_jobs: $JOBS, the fastest kept)"
"$PY" bench/profiling_sklearn.py --train "$DIR/train.csv" --holdout "$DIR/holdout.csv" \
	--jobs "$JOBS" --compare "$DIR/model.json" | tee "$OUT/profiling-sklearn.out" || exit 2
sk() { sed -n "s/^sklearn $1 //p" "$OUT/profiling-sklearn.out"; }
s_train=$(sk train_s)
s_auc=$(sk auc)
s_rate=$(sk score_rate)
if [ -z "$s_train" ] || [ -z "$s_auc" ]; then
	echo "profiling: no figures from scikit-learn" >&2; exit 2
fi

echo "== build/bench/score (profile_score)"
"$OUT/score" --model "$DIR/model.json" --n 2000000 | tee "$OUT/profiling-score.out" || exit 2
k_rate=$(sed -n 's/^score: \([0-9.]*\) M people\/s.*/\1/p' "$OUT/profiling-score.out")

echo "== result ($N training rows, $N_HOLDOUT holdout rows)"
awk -v ka="$k_auc" -v sa="$s_auc" -v kt="$k_train" -v st="$s_train" \
    -v kw="$k_wall" -v kr="$k_read" -v kc="$k_c" -v sc="$(sk c)" \
    -v kcv="$k_cv" -v kf="$k_fit" -v kcal="$k_cal" -v th="$THREADS" \
    -v sj="$(sk n_jobs)" -v rate="$k_rate" -v srate="$s_rate" \
    -v kraw="$(sk kundval_auc_raw)" -v sraw="$(sk auc_raw)" 'BEGIN {
	d = ka - sa; if (d < 0) d = -d
	printf "AUC on the holdout (calibrated chance): kundval %.4f, scikit-learn %.4f, |difference| %.4f\n", ka, sa, d
	printf "AUC on the holdout (raw linear score): kundval %.4f, scikit-learn %.4f\n", kraw, sraw
	printf "C chosen: kundval %g, scikit-learn %g\n", kc, sc
	printf "training (features, 5-fold CV over 4 C, refit, isotonic calibration; CSV reading not counted):\n"
	printf "  kundval %.2f s (%d thread%s: cross-validation %.2f, fit %.2f, calibration %.2f)\n", kt, th, th == 1 ? "" : "s", kcv, kf, kcal
	printf "  scikit-learn %.2f s (newton-cholesky, n_jobs %d)\n", st, sj
	printf "  ratio scikit-learn / kundval: %.2fx\n", st / kt
	printf "  kundval end to end (reading %.2f s, training, writing the file): %.2f s\n", kr, kw
	printf "scoring: kundval profile_score %.2f M people/s; scikit-learn predict (for reference) %.2f M people/s\n", rate, srate / 1e6
	ok1 = (d <= 0.002); ok2 = (kt <= st); ok3 = (rate >= 5)
	printf "target AUC within 0.002 of scikit-learn: %s\n", ok1 ? "PASS" : "MISS"
	printf "target training time no worse than scikit-learn: %s\n", ok2 ? "PASS" : "MISS"
	printf "target scoring >= 5 M people/s: %s\n", ok3 ? "PASS" : "MISS"
	exit !(ok1 && ok2 && ok3) }' || { [ "${BENCH_STRICT:-0}" = 1 ] && exit 1; }
exit 0
