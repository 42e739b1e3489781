# improv: build, test, install.  `./make.sh run` and `./make.sh test` are
# the two commands a newcomer needs (make.sh installs make itself first).
#
# Every target that compiles runs in two steps. The first installs the
# Debian packages the goals need (scripts/ensure-deps: as root it runs
# apt-get, otherwise it prints the command to run and stops); the second is
# make again, which asks pkg-config for the flags only now that the
# libraries are there. `make Q=` shows the full commands.

PREFIX  ?= /usr/local
DESTDIR ?=
BINDIR   = $(PREFIX)/bin
DATADIR  = $(PREFIX)/share/improv
MANDIR   = $(PREFIX)/share/man/man1

CC      ?= cc
Q       ?= @
PKG     ?= pkg-config
VERSION  = 0.1.0

# What needs no compiler works in either step.
.PHONY: clean uninstall
clean:
	rm -rf build improv
uninstall:
	rm -f $(DESTDIR)$(BINDIR)/improv $(DESTDIR)$(MANDIR)/improv.1
	rm -rf $(DESTDIR)$(DATADIR)

ifndef IMPROV_DEPS_READY
# Step one: every goal (all when none is named) goes to one second make,
# after the packages all of them need are in place.
GOALS := $(filter-out clean uninstall,$(or $(MAKECMDGOALS),all))
.NOTPARALLEL:
.PHONY: $(GOALS)
$(firstword $(GOALS)):
	@sh scripts/ensure-deps $(GOALS)
	@$(MAKE) --no-print-directory IMPROV_DEPS_READY=1 $(GOALS)
$(filter-out $(firstword $(GOALS)),$(GOALS)):
	@:
else

WARN     = -std=c11 -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
           -Wmissing-prototypes -Wformat=2 -Wwrite-strings -Werror
CFLAGS  ?= -O2 -g
CPPFLAGS += -I. -D_POSIX_C_SOURCE=200809L -DIMPROV_VERSION=\"$(VERSION)\" \
            -DIMPROV_DATADIR=\"$(DATADIR)\"
SAN      = -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all

# Each layer sees only the libraries it may use; model/ and lib/ see none.
LIBS_CFLAGS := $(shell $(PKG) --cflags ncursesw yaml-0.1 sqlite3 2>/dev/null)
LIBS_LDLIBS := $(shell $(PKG) --libs ncursesw yaml-0.1 sqlite3 2>/dev/null) -lm
# The room serves HTTP and draws QR codes; only room/ includes these two.
# libmicrohttpd is not linked: the room loads it when it opens (room/mhd.c),
# by the name its library file gives itself, so that no other command
# loads it and the TLS libraries it brings.
ROOM_CFLAGS := $(shell $(PKG) --cflags libmicrohttpd libqrencode 2>/dev/null)
ROOM_LDLIBS := $(shell $(PKG) --libs libqrencode 2>/dev/null)
MHD_SONAME  := $(shell objdump -p "$$($(PKG) --variable=libdir libmicrohttpd 2>/dev/null)/libmicrohttpd.so" \
                 2>/dev/null | sed -n 's/^ *SONAME *//p')
ROOM_CFLAGS += $(if $(MHD_SONAME),-DROOM_MHD_LIBRARY=\"$(MHD_SONAME)\")
LIBS_CFLAGS += $(ROOM_CFLAGS)
LIBS_LDLIBS += $(ROOM_LDLIBS)
TEST_CFLAGS := $(shell $(PKG) --cflags cmocka 2>/dev/null)
TEST_LDLIBS := $(shell $(PKG) --libs cmocka 2>/dev/null)

# An object is stale when the flags it was built with change: each build
# folder keeps the flags of its last build in build/FOLDER/flags, rewritten
# only when they differ, and everything built in the folder depends on it.
FLAGS_rel      = $(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) $(LIBS_CFLAGS) $(LDFLAGS) $(LIBS_LDLIBS)
FLAGS_test     = $(CC) $(CPPFLAGS) $(SAN) $(WARN) $(LIBS_CFLAGS) $(TEST_CFLAGS) \
                 $(LIBS_LDLIBS) $(TEST_LDLIBS)
FLAGS_valgrind = $(CC) $(CPPFLAGS) $(WARN) $(LIBS_CFLAGS) $(TEST_CFLAGS) \
                 $(LIBS_LDLIBS) $(TEST_LDLIBS)
FLAGS_fuzz     = $(FUZZ_CC) $(CPPFLAGS) $(FUZZ_FLAGS) $(WARN) $(LIBS_CFLAGS) $(LIBS_LDLIBS)
build/%/flags: FORCE
	@mkdir -p $(@D)
	@echo '$(FLAGS_$*)' | cmp -s - $@ || echo '$(FLAGS_$*)' > $@

LAYERS   = lib model sessions templates themes room cli tui
# The room's page (room/page/*) is built into the binary as a C array that
# scripts/embed-files writes; its object sits with the others.
ROOM_PAGE = $(sort $(wildcard room/page/*))
GEN_SRCS  = build/gen/room/page_files.c
SRCS     = $(foreach d,$(LAYERS),$(wildcard $(d)/*.c)) $(GEN_SRCS)
OBJS     = $(SRCS:%.c=build/rel/%.o) build/rel/main.o
TOBJS    = $(SRCS:%.c=build/test/%.o)
TESTS    = $(wildcard tests/*/test_*.c)
TBINS    = $(TESTS:tests/%.c=build/test/tests/%)
TSUPPORT = build/test/tests/support.o
# The fuzz targets, tests/fuzz/fuzz_<target>.c: `make test` replays their
# saved inputs through tests/fuzz/replay.c; `make fuzz` runs them.
FUZZ_TARGETS = $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_REPLAYS = $(FUZZ_TARGETS:%=build/test/tests/fuzz/test_replay_%)

.PHONY: all run test soak fuzz bench room-load valgrind install check-layers FORCE
all: improv

improv: $(OBJS) build/rel/flags | check-layers
	@echo "  LINK    $@"
	$(Q)$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(OBJS) $(LIBS_LDLIBS)

build/rel/model/%.o: model/%.c build/rel/flags
	@mkdir -p $(@D)
	@echo "  CC      $<"
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) -MMD -MP -c -o $@ $<
build/rel/lib/%.o: lib/%.c build/rel/flags
	@mkdir -p $(@D)
	@echo "  CC      $<"
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) -MMD -MP -c -o $@ $<
build/rel/%.o: %.c build/rel/flags
	@mkdir -p $(@D)
	@echo "  CC      $<"
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) $(LIBS_CFLAGS) -MMD -MP -c -o $@ $<

# room/ sees its own two libraries and the C library only.
build/rel/room/%.o: room/%.c build/rel/flags
	@mkdir -p $(@D)
	@echo "  CC      $<"
	$(Q)$(CC) $(CPPFLAGS) $(CFLAGS) $(WARN) $(ROOM_CFLAGS) -MMD -MP -c -o $@ $<
build/gen/room/page_files.c: scripts/embed-files $(ROOM_PAGE)
	@mkdir -p $(@D)
	@echo "  EMBED   room/page"
	$(Q)sh scripts/embed-files room_page_files $(ROOM_PAGE) > $@.tmp && mv $@.tmp $@

build/test/room/%.o: room/%.c build/test/flags
	@mkdir -p $(@D)
	@echo "  CC+SAN  $<"
	$(Q)$(CC) $(CPPFLAGS) -O1 -g $(SAN) $(WARN) $(ROOM_CFLAGS) -MMD -MP -c -o $@ $<
build/test/model/%.o: model/%.c build/test/flags
	@mkdir -p $(@D)
	@echo "  CC+SAN  $<"
	$(Q)$(CC) $(CPPFLAGS) -O1 -g $(SAN) $(WARN) -MMD -MP -c -o $@ $<
build/test/%.o: %.c build/test/flags
	@mkdir -p $(@D)
	@echo "  CC+SAN  $<"
	$(Q)$(CC) $(CPPFLAGS) -O1 -g $(SAN) $(WARN) $(LIBS_CFLAGS) -MMD -MP -c -o $@ $<
# What many tests share (tests/support.c) is linked into each of them.
$(TSUPPORT): tests/support.c build/test/flags
	@mkdir -p $(@D)
	@echo "  CC+SAN  $<"
	$(Q)$(CC) $(CPPFLAGS) -O1 -g $(SAN) $(WARN) $(TEST_CFLAGS) -MMD -MP -c -o $@ $<
build/test/tests/%: tests/%.c $(TOBJS) $(TSUPPORT) build/test/flags
	@mkdir -p $(@D)
	@echo "  TEST    $<"
	$(Q)$(CC) $(CPPFLAGS) -O1 -g $(SAN) $(WARN) $(LIBS_CFLAGS) $(TEST_CFLAGS) -MMD -MP \
		-o $@ $< $(TOBJS) $(TSUPPORT) $(LIBS_LDLIBS) $(TEST_LDLIBS)
$(FUZZ_REPLAYS): build/test/tests/fuzz/test_replay_%: tests/fuzz/replay.c tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(TOBJS) build/test/flags
	@mkdir -p $(@D)
	@echo "  REPLAY  tests/fuzz/fuzz_$*.c"
	$(Q)$(CC) $(CPPFLAGS) -DFUZZ_TARGET=\"$*\" -O1 -g $(SAN) $(WARN) $(LIBS_CFLAGS) \
		-o $@ tests/fuzz/replay.c tests/fuzz/fuzz_$*.c $(TOBJS) $(LIBS_LDLIBS)
# The sanitized binary finds the templates beside it, as a build at the
# repository root does.
build/test/bin/improv: $(TOBJS) build/test/main.o build/test/flags
	@mkdir -p $(@D)
	@echo "  LINK    $@"
	$(Q)$(CC) -O1 -g $(SAN) -o $@ $(filter %.o,$^) $(LIBS_LDLIBS)
	$(Q)ln -sfn ../../../templates build/test/bin/templates
	$(Q)ln -sfn ../../../themes build/test/bin/themes

# The benchmark: bench/*.c linked with the optimized objects (no
# sanitizers), run on a synthetic organization kept in build/bench.
BENCH_SRCS = $(wildcard bench/*.c)
BENCH_OBJS = $(BENCH_SRCS:%.c=build/rel/%.o) $(filter-out build/rel/main.o,$(OBJS))

build/rel/bench/%.o: bench/%.c build/rel/flags
	@mkdir -p $(@D)
	@echo "  CC      $<"
	$(Q)$(CC) $(CPPFLAGS) -O2 -g $(WARN) $(LIBS_CFLAGS) -MMD -MP -c -o $@ $<
build/bench/bench: $(BENCH_OBJS) build/rel/flags
	@mkdir -p $(@D)
	@echo "  LINK    $@"
	$(Q)$(CC) -O2 -g $(LDFLAGS) -o $@ $(filter %.o,$^) $(LIBS_LDLIBS) -lutil
	$(Q)ln -sfn ../../templates build/bench/templates
	$(Q)ln -sfn ../../themes build/bench/themes

# SESSIONS: the organization's size (1,000 by default; more adds closed
# workshops that hold their fields only). Needs the sqlite3 program.
SESSIONS ?= 1000
bench: improv build/bench/bench build/bench/room_load
	./build/bench/bench build/bench ./improv $(SESSIONS)
	./build/bench/room_load build/bench ./improv

# The room under load: 200 phones on loopback cast one ballot while keys
# are pressed on the screen (bench/load/room_load.c).
ROOM_LOAD_OBJS = build/rel/bench/load/room_load.o $(filter-out build/rel/main.o,$(OBJS))
build/bench/room_load: $(ROOM_LOAD_OBJS) build/rel/flags
	@mkdir -p $(@D)
	@echo "  LINK    $@"
	$(Q)$(CC) -O2 -g $(LDFLAGS) -pthread -o $@ $(filter %.o,$^) $(LIBS_LDLIBS) -lutil

room-load: improv build/bench/room_load
	./build/bench/room_load build/bench ./improv

# The layering rule, checked on what the compiler actually read: model/ and
# lib/ include none of curses, sqlite3 or yaml (lib/yaml_reader is the one
# generic reader allowed libyaml); only sessions/ includes sqlite3 and only
# tui/ includes curses; only room/ includes microhttpd and qrencode, and in
# room/ only room/room_workshop.c includes the editing service.
check-layers: $(OBJS)
	@sh scripts/check-layers build/rel

run: improv
	./improv $(ARGS)

test: $(TBINS) $(FUZZ_REPLAYS) build/test/bin/improv build/bench/room_load | check-layers
	@sh scripts/run-tests build/test

# The long runs: a hundred kill -9s in the middle of a workshop, every
# hostile payload through every screen at both sizes, 30 rounds of four
# check-ins started together, and the tests of two windows (a lease taken
# over from a stopped window, check-ins at once) ten times over, and
# twenty kill -9s in the middle of 200 phones voting.
SOAK_WINDOWS ?= 10
ROOM_KILLS ?= 20
soak: build/test/bin/improv build/test/tests/hostile/test_hostile \
      build/test/tests/sessions/test_two_windows improv build/bench/room_load
	KILLS=100 IMPROV=build/test/bin/improv sh tests/tui/test_kill9.sh
	HOSTILE_FULL=1 build/test/tests/hostile/test_hostile
	ROUNDS=30 PARALLEL=4 IMPROV=build/test/bin/improv sh tests/sessions/soak_checkin.sh
	./build/bench/room_load build/bench ./improv --kill $(ROOM_KILLS)
	@n=0; for i in $$(seq $(SOAK_WINDOWS)); do \
		build/test/tests/sessions/test_two_windows >/dev/null 2>&1 || \
			{ echo "two windows: run $$i failed"; exit 1; }; n=$$((n + 1)); \
	done; echo "two windows: $$n of $(SOAK_WINDOWS) runs passed"

# Memory under valgrind: the unit tests, the replays and improv itself
# built without sanitizers (valgrind and AddressSanitizer do not mix),
# each run under memcheck; see scripts/run-valgrind.
VOBJS    = $(SRCS:%.c=build/valgrind/%.o)
VBINS    = $(TESTS:tests/%.c=build/valgrind/tests/%) \
           $(FUZZ_TARGETS:%=build/valgrind/tests/fuzz/test_replay_%)

build/valgrind/%.o: %.c build/valgrind/flags
	@mkdir -p $(@D)
	@echo "  CC+VG   $<"
	$(Q)$(CC) $(CPPFLAGS) -O1 -g $(WARN) $(LIBS_CFLAGS) -MMD -MP -c -o $@ $<
build/valgrind/tests/fuzz/test_replay_%: tests/fuzz/replay.c tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(VOBJS) build/valgrind/flags
	@mkdir -p $(@D)
	@echo "  REPLAY  tests/fuzz/fuzz_$*.c"
	$(Q)$(CC) $(CPPFLAGS) -DFUZZ_TARGET=\"$*\" -O1 -g $(WARN) $(LIBS_CFLAGS) \
		-o $@ tests/fuzz/replay.c tests/fuzz/fuzz_$*.c $(VOBJS) $(LIBS_LDLIBS)
VSUPPORT = build/valgrind/tests/support.o
$(VSUPPORT): tests/support.c build/valgrind/flags
	@mkdir -p $(@D)
	@echo "  CC      $<"
	$(Q)$(CC) $(CPPFLAGS) -O1 -g $(WARN) $(TEST_CFLAGS) -MMD -MP -c -o $@ $<
build/valgrind/tests/%: tests/%.c $(VOBJS) $(VSUPPORT) build/valgrind/flags
	@mkdir -p $(@D)
	@echo "  TEST    $<"
	$(Q)$(CC) $(CPPFLAGS) -O1 -g $(WARN) $(LIBS_CFLAGS) $(TEST_CFLAGS) -MMD -MP \
		-o $@ $< $(VOBJS) $(VSUPPORT) $(LIBS_LDLIBS) $(TEST_LDLIBS)
build/valgrind/bin/improv: $(VOBJS) build/valgrind/main.o build/valgrind/flags
	@mkdir -p $(@D)
	@echo "  LINK    $@"
	$(Q)$(CC) -O1 -g -o $@ $(filter %.o,$^) $(LIBS_LDLIBS)
	$(Q)ln -sfn ../../../templates build/valgrind/bin/templates
	$(Q)ln -sfn ../../../themes build/valgrind/bin/themes

valgrind: $(VBINS) build/valgrind/bin/improv
	@sh scripts/run-valgrind build/valgrind

# The fuzzers: each target under libFuzzer for FUZZ_SECONDS, built by
# clang from every layer but the screens and the command line.
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_FLAGS    = -O1 -g -fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer \
                -fno-sanitize-recover=all
FUZZ_OBJS     = $(filter-out build/fuzz/tui/% build/fuzz/cli/%,$(SRCS:%.c=build/fuzz/%.o))
FUZZERS       = $(FUZZ_TARGETS:%=build/fuzz/fuzz_%)

build/fuzz/%.o: %.c build/fuzz/flags
	@mkdir -p $(@D)
	@echo "  CC+FUZZ $<"
	$(Q)$(FUZZ_CC) $(CPPFLAGS) $(FUZZ_FLAGS) $(WARN) $(LIBS_CFLAGS) -MMD -MP -c -o $@ $<
$(FUZZERS): build/fuzz/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(FUZZ_OBJS) build/fuzz/flags
	@echo "  FUZZER  $@"
	$(Q)$(FUZZ_CC) $(CPPFLAGS) $(FUZZ_FLAGS) -fsanitize=fuzzer $(WARN) $(LIBS_CFLAGS) \
		-o $@ $< $(FUZZ_OBJS) $(LIBS_LDLIBS)

fuzz: $(FUZZERS)
	@sh scripts/fuzz build/fuzz $(FUZZ_SECONDS) $(FUZZ_TARGETS)

install: improv
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/templates \
		$(DESTDIR)$(DATADIR)/themes $(DESTDIR)$(MANDIR)
	install -m 0755 improv $(DESTDIR)$(BINDIR)/improv
	install -m 0644 templates/*.yaml $(DESTDIR)$(DATADIR)/templates/
	install -m 0644 themes/*.yaml $(DESTDIR)$(DATADIR)/themes/
	install -m 0644 improv.1 $(DESTDIR)$(MANDIR)/improv.1

-include $(shell find build -name '*.d' 2>/dev/null)
endif
