#!/usr/bin/env bash
# run-tests.sh — run the unit test binaries and/or the black-box API suite
# and print one closing line "tests: N passed, M failed".
#
#   run-tests.sh unit BIN...            cmocka binaries only
#   run-tests.sh api KUNDVAL            API suite against that binary
#   run-tests.sh all KUNDVAL BIN...     both
#   run-tests.sh e2e KUNDVAL            the browser tests (tests/e2e)
set -uo pipefail
cd "$(dirname "$0")/.."
mode=$1; shift
passed=0; failed=0
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

run_unit() {
  local bin out rc p f
  for bin in "$@"; do
    out=$("$bin" 2>&1); rc=$?
    printf '%s\n' "$out" | grep -E '^\[  (PASSED|FAILED)  \]|^\[  ERROR   \]|ERROR: |runtime error' || true
    p=$(printf '%s\n' "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' | tail -1)
    f=$(printf '%s\n' "$out" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' | tail -1)
    passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
    if [ $rc -ne 0 ]; then
      [ "${f:-0}" = 0 ] && failed=$((failed + 1))
      printf '%s\n' "$out" | tail -40
      echo "FAIL: $bin exited $rc"
    fi
  done
}

# $2: the folder (tests/api/ by default); $3: more node flags.  The browser
# tests run one file at a time: each has its own demo market and Chromium.
run_api() {
  local out rc p f dir=${2:-tests/api/}
  out=$(KUNDVAL_BIN="$1" node --test ${3:-} --test-reporter=spec "$dir" 2>&1); rc=$?
  printf '%s\n' "$out" | grep -vE '^\s*$' | grep -E '✖|✔ .*\([0-9.]+ms\)$|^ℹ|Error|error' | tail -60
  p=$(printf '%s\n' "$out" | sed -n 's/^ℹ pass \([0-9]*\)/\1/p' | tail -1)
  f=$(printf '%s\n' "$out" | sed -n 's/^ℹ fail \([0-9]*\)/\1/p' | tail -1)
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
  if [ $rc -ne 0 ] && [ "${f:-0}" = 0 ]; then
    failed=$((failed + 1)); printf '%s\n' "$out" | tail -40
  fi
}

case "$mode" in
  unit) run_unit "$@" ;;
  api)  run_api "$1" ;;
  e2e)  run_api "$1" tests/e2e/ --test-concurrency=1 ;;
  all)  k=$1; shift; run_unit "$@"; run_api "$k" ;;
  *) echo "usage: run-tests.sh unit|api|all ..." >&2; exit 2 ;;
esac
echo "tests: $passed passed, $failed failed"
[ "$failed" = 0 ]
