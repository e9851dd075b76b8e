#!/usr/bin/env bash
# checksrc.sh — refuse what DESIGN.md bans in src/: unsafe libc calls,
# floating point in money code, and core/ reaching up a layer or out to
# the clock, files or the database.
set -uo pipefail
cd "$(dirname "$0")/.."
bad=0
report() { echo "checksrc: $1"; printf '%s\n' "$2"; bad=1; }

hits=$(grep -nE '\b(atoi|atol|sprintf|vsprintf|strcpy|strcat|gets)\s*\(' src -r --include='*.[ch]' | grep -vE 'snprintf|vsnprintf')
[ -n "$hits" ] && report "banned function (use strtol/snprintf/memcpy)" "$hits"

hits=$(grep -nE '\b(float|double)\b' src/core/money.[ch] 2>/dev/null | grep -vE ':[0-9]+:\s*(\*|/\*)')
[ -n "$hits" ] && report "floating point in money code" "$hits"

hits=$(grep -nE '#include *"(store|app|http|cli)/' src/core/*.[ch])
[ -n "$hits" ] && report "core/ includes a higher layer" "$hits"

hits=$(grep -nE '\btime\(|gettimeofday\(|clock_gettime\(|\bfopen\(|sqlite3' src/core/*.c)
[ -n "$hits" ] && report "core/ reads the clock, files or the database" "$hits"

hits=$(grep -lE 'sqlite3\.h' -r src --include='*.[ch]' | grep -v '^src/store/db_sqlite\.c$')
[ -n "$hits" ] && report "only src/store/db_sqlite.c may include sqlite3.h" "$hits"

hits=$(grep -nE '\bdb_(query|run|prepare|exec|begin)' src/http/*.[ch])
[ -n "$hits" ] && report "http/ runs no SQL: pages and routes call the use cases in app/" "$hits"

exit $bad
