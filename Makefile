# kundval — build, run and test.  See README.md for the two commands that
# matter: `make run` and `make check`.
#
# Two builds share the sources: build/rel (optimised, what `make run`
# serves) and build/san (AddressSanitizer + UndefinedBehaviorSanitizer,
# what `make check` tests).  Unit tests are every tests/unit/test_*.c.

CC      ?= cc
PKGS    := libmicrohttpd jansson sqlite3 libsodium
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
# liblinear has no pkg-config file (DESIGN.md).
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null) -llinear -lpthread -lm

WARN    := -std=c11 -Wall -Wextra -Werror -Wshadow -Wstrict-prototypes \
           -Wmissing-prototypes -Wvla -Wformat=2 -Wno-format-truncation
# (truncation into fixed, bounded fields is deliberate: every input has a
# limit checked before it is copied, see src/core/limits.h)
DEFS    := -D_DEFAULT_SOURCE -D_POSIX_C_SOURCE=200809L
INCS    := -Isrc -Ibuild/gen
CFLAGS_COMMON := $(WARN) $(DEFS) $(INCS) $(PKG_CFLAGS) -MMD -MP
CFLAGS_REL := $(CFLAGS_COMMON) -O2 -g
CFLAGS_SAN := $(CFLAGS_COMMON) -O1 -g -fno-omit-frame-pointer \
              -fsanitize=address,undefined -fno-sanitize-recover=all
LDFLAGS_SAN := -fsanitize=address,undefined

LIB_SRC  := $(wildcard src/core/*.c src/store/*.c src/app/*.c src/http/*.c \
              src/sim/*.c src/cli/cmd_*.c)
MAIN_SRC := src/cli/main.c
GEN_SRC  := build/gen/migrations.c
MIGRATIONS := $(sort $(wildcard src/store/migrations/*.sql))

REL_OBJ := $(patsubst src/%.c,build/rel/%.o,$(LIB_SRC)) build/rel/gen/migrations.o
SAN_OBJ := $(patsubst src/%.c,build/san/%.o,$(LIB_SRC)) build/san/gen/migrations.o

UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(patsubst tests/unit/%.c,build/san/tests/%,$(UNIT_SRC))

.PHONY: all run check deps san unit api e2e lint-api checksrc fuzz bench bench-http crash clean
all: build/kundval

deps:
	@bash scripts/deps.sh

build/gen/migrations.c: $(MIGRATIONS) scripts/embed.sh
	@mkdir -p $(dir $@)
	$(Q)bash scripts/embed.sh $(MIGRATIONS) > $@

# Quiet by default (`make V=1` shows the full commands).
Q := $(if $(V),,@)

build/rel/%.o: src/%.c | build/gen/migrations.c
	@mkdir -p $(dir $@)
	@$(if $(V),,echo "  CC      $<")
	$(Q)$(CC) $(CFLAGS_REL) -c $< -o $@
build/san/%.o: src/%.c | build/gen/migrations.c
	@mkdir -p $(dir $@)
	@$(if $(V),,echo "  CC san  $<")
	$(Q)$(CC) $(CFLAGS_SAN) -c $< -o $@
build/rel/gen/migrations.o: build/gen/migrations.c
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(CFLAGS_REL) -c $< -o $@
build/san/gen/migrations.o: build/gen/migrations.c
	@mkdir -p $(dir $@)
	$(Q)$(CC) $(CFLAGS_SAN) -c $< -o $@

build/rel/libkundval.a: $(REL_OBJ)
	$(Q)rm -f $@ && ar rcs $@ $^
build/san/libkundval.a: $(SAN_OBJ)
	$(Q)rm -f $@ && ar rcs $@ $^

build/kundval: build/rel/cli/main.o build/rel/libkundval.a
	@$(if $(V),,echo "  LINK    $@")
	$(Q)$(CC) -o $@ $^ $(PKG_LIBS)
build/san/kundval: build/san/cli/main.o build/san/libkundval.a
	@$(if $(V),,echo "  LINK    $@")
	$(Q)$(CC) $(LDFLAGS_SAN) -o $@ $^ $(PKG_LIBS)

build/san/tests/%: tests/unit/%.c build/san/libkundval.a tests/unit/testutil.h
	@mkdir -p $(dir $@)
	@$(if $(V),,echo "  TEST    $<")
	$(Q)$(CC) $(CFLAGS_SAN) -Itests/unit -o $@ $< build/san/libkundval.a \
	  $(LDFLAGS_SAN) $(PKG_LIBS) -lcmocka

san: build/san/kundval $(UNIT_BIN)

# `make run`: install what is missing, build, create the demo market once,
# and serve it on http://localhost:8080.
run: deps build/kundval
	@test -f kundval.db || ./build/kundval demo --db kundval.db
	./build/kundval serve --db kundval.db --port 8080 --accounts

checksrc:
	@bash scripts/checksrc.sh

lint-api:
	@npx --no-install redocly lint --format=stylish docs/api.yaml

unit: $(UNIT_BIN)
	@bash scripts/run-tests.sh unit $(UNIT_BIN)

api: build/san/kundval
	@bash scripts/run-tests.sh api build/san/kundval

# `make e2e`: the pages in Debian's Chromium (tests/e2e), axe on every page
# in every language; screenshots go to build/screenshots/.
e2e: build/san/kundval
	@bash scripts/run-tests.sh e2e build/san/kundval

# `make check`: install what is missing, build with sanitizers, run every
# test; the optimised build of `make run` is built too, since -O2 finds
# warnings the sanitizer build does not.
check: deps
	@$(MAKE) --no-print-directory checksrc san build/kundval
	@bash scripts/run-tests.sh all build/san/kundval $(UNIT_BIN)
	@N=3000 KILLS=15 bash tests/crash/payrun-crash.sh
	@$(MAKE) --no-print-directory e2e
	@$(MAKE) --no-print-directory lint-api

# `make crash`: the payment run killed with SIGKILL at 200 random moments
# on 50,000 participations must leave the same ledger as a run never
# interrupted (a smaller one runs in `make check`).
crash:
	@N=50000 KILLS=200 bash tests/crash/payrun-crash.sh

# `make fuzz`: libFuzzer on the rulebook and case parsers and the engine,
# FUZZ_SECONDS each (not part of `make check`), seeded with the shipped
# rulebooks and the scenario cases.
FUZZ_SECONDS ?= 60
FUZZ_CORE := src/core/rulebook.c src/core/case.c $(wildcard src/core/engine*.c) \
             src/core/date.c src/core/money.c src/core/kverr.c
FUZZ_FLAGS := -std=c11 -D_DEFAULT_SOURCE -Isrc -g -O1 \
              -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all
build/fuzz/%: tests/fuzz/%.c $(FUZZ_CORE)
	@mkdir -p $(dir $@)
	clang $(FUZZ_FLAGS) -o $@ $< $(FUZZ_CORE) -ljansson

fuzz: build/fuzz/fuzz_rulebook build/fuzz/fuzz_case
	@mkdir -p build/fuzz/corpus-rulebook build/fuzz/corpus-case
	@cp rules/*.json build/fuzz/corpus-rulebook/
	@cp tests/cases/*.json build/fuzz/corpus-case/ 2>/dev/null || true
	build/fuzz/fuzz_rulebook -max_total_time=$(FUZZ_SECONDS) -max_len=16384 \
	  build/fuzz/corpus-rulebook
	build/fuzz/fuzz_case -max_total_time=$(FUZZ_SECONDS) -max_len=16384 \
	  -rss_limit_mb=4096 build/fuzz/corpus-case

# `make bench`: the engine against set-based SQL over SQLite on the same
# generated facts (bench/README.md); BENCH_STRICT=1 fails on a missed target.
bench:
	@bash bench/run-engine.sh

# `make bench-profiling`: the profiling model against scikit-learn on the
# same generated histories (bench/README.md); BENCH_STRICT=1 as above.
.PHONY: bench-profiling
bench-profiling:
	@bash bench/profiling.sh
# `make bench-http`: wrk against kundval serving a market of 200,000
# participations next to nginx serving the same bytes as static files
# (bench/README.md, "HTTP"); BENCH_STRICT=1 fails on a missed target.
bench-http:
	@bash bench/run-http.sh

clean:
	rm -rf build

-include $(shell find build -name '*.d' 2>/dev/null)
