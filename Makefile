# lfs - admin shell for Lustre-style striped storage.
PREFIX   ?= /usr/local
DESTDIR  ?=
CC       ?= cc
PKGS     := libedit lua5.4 yaml-0.1 zlib
CFLAGS   ?= -O2 -g
override CFLAGS += -std=gnu11 -Wall -Wextra -Werror -D_GNU_SOURCE -Ilib
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS   := $(shell pkg-config --libs $(PKGS) 2>/dev/null)
CMOCKA_LIBS := $(shell pkg-config --libs cmocka 2>/dev/null)
BUILD    ?= build

LIB_SRC  := $(wildcard lib/*.c)
APP_SRC  := $(wildcard shell/*.c commands/*.c lua/*.c)
TEST_SRC := $(wildcard tests/test_*.c)
LIB_OBJ  := $(LIB_SRC:%.c=$(BUILD)/%.o)
APP_OBJ  := $(APP_SRC:%.c=$(BUILD)/%.o)
TESTS    := $(TEST_SRC:tests/%.c=$(BUILD)/tests/%)

.PHONY: all check check-lustre check-install unit e2e asan valgrind clean install demo bench fuzz fuzz-build check-crash stress
all: lfs

lfs: $(BUILD)/lfs
	cp $< $@

$(BUILD)/lfs: $(APP_OBJ) $(BUILD)/liblfs.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(APP_OBJ) $(BUILD)/liblfs.a $(PKG_LIBS) -lm -lpthread -ldl

$(BUILD)/liblfs.a: $(LIB_OBJ)
	rm -f $@ && ar rcs $@ $^

$(BUILD)/%.o: %.c $(wildcard lib/*.h shell/*.h commands/*.h lua/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -Ishell -Icommands -Ilua -c -o $@ $<

# lua/ sees lib/ and Lua only: it runs the library calls the commands run.
# The scripts' directory is compiled in: $(BUILD)/script-dir records it and
# changes when PREFIX does, so `make install PREFIX=...` after a plain
# `make` installs a binary that looks where the scripts go.
SCRIPT_DIR := $(PREFIX)/share/lfs/scripts
$(BUILD)/script-dir: FORCE
	@mkdir -p $(dir $@)
	@[ "$$(cat $@ 2>/dev/null)" = "$(SCRIPT_DIR)" ] || echo "$(SCRIPT_DIR)" > $@
FORCE:
$(BUILD)/lua/%.o: lua/%.c $(wildcard lib/*.h lua/*.h) $(BUILD)/script-dir
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -DLFS_SCRIPT_DIR='"$(SCRIPT_DIR)"' -c -o $@ $<

$(BUILD)/tests/%: tests/%.c $(BUILD)/liblfs.a $(wildcard tests/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -Itests -o $@ $< $(BUILD)/liblfs.a $(CMOCKA_LIBS) $(PKG_LIBS) -lm

# Tests of the shell link its objects too (everything but main()).
SHELL_OBJ := $(filter-out $(BUILD)/shell/main.o,$(APP_OBJ))
$(BUILD)/tests/test_complete $(BUILD)/tests/test_layout_print: $(BUILD)/tests/%: tests/%.c $(SHELL_OBJ) $(BUILD)/liblfs.a tests/testutil.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -Itests -Ishell -Icommands -Ilua -o $@ $< $(SHELL_OBJ) $(BUILD)/liblfs.a $(CMOCKA_LIBS) $(PKG_LIBS) -lm

# The liblustreapi test double (tests/lustre/, docs/lustre.md): liblfs
# compiled position-independent into it, only llapi_* exported.
DOUBLE_SRC := $(wildcard tests/lustre/*.c)
DOUBLE     := $(BUILD)/tests/liblustreapi-double.so
LIB_PIC    := $(LIB_SRC:%.c=$(BUILD)/pic/%.o)
$(BUILD)/pic/%.o: %.c $(wildcard lib/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -fPIC -fvisibility=hidden -c -o $@ $<
$(DOUBLE): $(DOUBLE_SRC) $(wildcard tests/lustre/*.h) tests/lustre/llapi_double.map $(LIB_PIC)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(LDFLAGS) $(PKG_CFLAGS) -Itests/lustre -fPIC -shared \
		-Wl,--version-script=tests/lustre/llapi_double.map -o $@ $(DOUBLE_SRC) $(LIB_PIC) $(PKG_LIBS) -lm -lpthread
# test_llapi loads the double from beside itself.
$(BUILD)/tests/test_llapi: $(DOUBLE)

unit: $(TESTS)
	@set -e; for t in $(TESTS); do echo "== $$t"; $$t; done

# The tests run the binary of this build ($(BUILD)/lfs), so the sanitizer
# build never replaces ./lfs.
e2e: $(BUILD)/lfs $(DOUBLE)
	@LFS=$(CURDIR)/$(BUILD)/lfs LLAPI_DOUBLE=$(CURDIR)/$(DOUBLE) bash tests/run-e2e.sh

check: lfs unit e2e check-install

# make install into scratch directories, and the installed files at work
# (tests/check-install.sh).
check-install: $(BUILD)/lfs
	@LFS_BUILD=$(CURDIR)/$(BUILD) bash tests/check-install.sh

# The Lustre e2e tests on a real client mount with the real liblustreapi
# (tests/check-lustre.sh, docs/lustre.md): make check-lustre MOUNT=/mnt/lustre.
check-lustre: $(BUILD)/lfs
	@LFS=$(CURDIR)/$(BUILD)/lfs MOUNT="$(MOUNT)" bash tests/check-lustre.sh

asan:
	$(MAKE) BUILD=build-asan CC=gcc CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" LDFLAGS="-fsanitize=address,undefined" unit e2e

# Unit tests and the store and namespace e2e tests under valgrind. A unit
# test that hangs is killed after 10 minutes and fails the target.
valgrind: lfs $(TESTS)
	@set -e; for t in $(TESTS); do echo "== valgrind $$t"; \
		timeout -s KILL 600 valgrind -q --leak-check=full --error-exitcode=99 $$t >/dev/null \
		|| { echo "valgrind $$t failed (status $$?; 137: hung, killed)"; exit 1; }; done
	@LFS=$(CURDIR)/tools/valgrind-lfs bash tests/run-e2e.sh \
		$(CURDIR)/tests/e2e/10-store-basics.sh $(CURDIR)/tests/e2e/20-namespace.sh

# libFuzzer targets (tests/fuzz/fuzz_*.c) with ASan and UBSan, built with
# clang in their own directory; each runs FUZZ_TIME seconds from its seed
# corpus (tests/fuzz/corpus/NAME for fuzz_NAME, read only). New inputs go
# to build-fuzz/corpus/NAME, crashes to build-fuzz/crash-NAME-*.
FUZZ_TIME   ?= 600
FUZZ_BUILD  := build-fuzz
FUZZ_CFLAGS := -O1 -g -fsanitize=address,undefined,fuzzer-no-link -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_NAMES  := $(patsubst tests/fuzz/%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
FUZZ_BINS   := $(FUZZ_NAMES:%=$(FUZZ_BUILD)/%)

fuzz-build:
	$(MAKE) BUILD=$(FUZZ_BUILD) CC=clang CFLAGS="$(FUZZ_CFLAGS)" \
		$(FUZZ_BUILD)/liblfs.a $(FUZZ_BUILD)/shell/lineparse.o
	$(MAKE) $(FUZZ_BINS)

$(FUZZ_BUILD)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(FUZZ_BUILD)/liblfs.a $(FUZZ_BUILD)/shell/lineparse.o
	clang $(FUZZ_CFLAGS) -fsanitize=fuzzer -std=gnu11 -Wall -Wextra -Werror \
		-D_GNU_SOURCE -Ilib -Ishell -Ilua $(PKG_CFLAGS) -o $@ $< \
		$(if $(filter lineparse,$*),$(FUZZ_BUILD)/shell/lineparse.o) \
		$(FUZZ_BUILD)/liblfs.a $(PKG_LIBS) -lm -lpthread

# Every target runs even when one fails; make fails at the end.
fuzz: fuzz-build
	@failed=""; for t in $(FUZZ_NAMES); do \
		c=$${t#fuzz_}; mkdir -p $(FUZZ_BUILD)/corpus/$$c; \
		echo "== $$t: $(FUZZ_TIME) s"; \
		if $(FUZZ_BUILD)/$$t -max_total_time=$(FUZZ_TIME) -timeout=10 \
			-print_final_stats=1 -artifact_prefix=$(FUZZ_BUILD)/crash-$$c- \
			$(FUZZ_BUILD)/corpus/$$c tests/fuzz/corpus/$$c \
			> $(FUZZ_BUILD)/$$t.log 2>&1; then \
			grep -E '^stat::number_of_executed_units|^#[0-9]+[[:space:]]+DONE' $(FUZZ_BUILD)/$$t.log; \
		else \
			tail -n 40 $(FUZZ_BUILD)/$$t.log; failed="$$failed $$t"; \
		fi; \
	done; [ -z "$$failed" ] || { echo "fuzz findings in:$$failed"; exit 1; }

# The crash campaign: each mutating command killed at random moments, then
# recovered and checked (tests/crash/crash.sh: CRASH_KILLS, CRASH_SEED,
# CRASH_ONLY, CRASH_MB); and writers racing migrators (tests/stress/stress.sh:
# STRESS_SECONDS, STRESS_SEED). See README "Reliability".
export CRASH_KILLS CRASH_SEED CRASH_ONLY CRASH_MB STRESS_SECONDS STRESS_SEED
check-crash: $(BUILD)/lfs
	@LFS=$(CURDIR)/$(BUILD)/lfs bash tests/crash/crash.sh

stress: $(BUILD)/lfs
	@LFS=$(CURDIR)/$(BUILD)/lfs bash tests/stress/stress.sh

# The build's binary, not ./lfs: an install from another BUILD leaves the
# tree's copy alone.
install: $(BUILD)/lfs
	install -D -m 0755 $(BUILD)/lfs $(DESTDIR)$(PREFIX)/bin/lfs
	install -D -m 0644 completions/lfs.bash $(DESTDIR)$(PREFIX)/share/bash-completion/completions/lfs
	install -d $(DESTDIR)$(SCRIPT_DIR)
	for f in lua/scripts/*.lua; do [ ! -e "$$f" ] || install -m 0644 "$$f" $(DESTDIR)$(SCRIPT_DIR)/; done

demo:
	bash tools/demo.sh

# bench/rusage times each side of a case and reports its peak RSS.
$(BUILD)/bench/rusage: bench/rusage.c
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) -o $@ $<

bench: lfs $(BUILD)/bench/rusage
	RUSAGE=$(CURDIR)/$(BUILD)/bench/rusage bash bench/bench.sh

clean:
	rm -rf build build-asan $(FUZZ_BUILD) lfs
