# lfs - admin shell for Lustre-style striped storage.
PREFIX   ?= /usr/local
DESTDIR  ?=
CC       ?= cc
PKGS     := libedit lua5.4 yaml-0.1
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

.PHONY: all check unit e2e asan valgrind clean install demo bench
all: lfs

lfs: $(BUILD)/lfs
	cp $< $@

$(BUILD)/lfs: $(APP_OBJ) $(BUILD)/liblfs.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $(APP_OBJ) $(BUILD)/liblfs.a $(PKG_LIBS) -lm -lpthread

$(BUILD)/liblfs.a: $(LIB_OBJ)
	rm -f $@ && ar rcs $@ $^

$(BUILD)/%.o: %.c $(wildcard lib/*.h shell/*.h commands/*.h lua/*.h)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -Ishell -Icommands -c -o $@ $<

$(BUILD)/tests/%: tests/%.c $(BUILD)/liblfs.a tests/testutil.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -Itests -o $@ $< $(BUILD)/liblfs.a $(CMOCKA_LIBS) $(PKG_LIBS) -lm

# Tests of the shell link its objects too (everything but main()).
SHELL_OBJ := $(filter-out $(BUILD)/shell/main.o,$(APP_OBJ))
$(BUILD)/tests/test_complete: tests/test_complete.c $(SHELL_OBJ) $(BUILD)/liblfs.a tests/testutil.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS) $(PKG_CFLAGS) -Itests -Ishell -Icommands -o $@ $< $(SHELL_OBJ) $(BUILD)/liblfs.a $(CMOCKA_LIBS) $(PKG_LIBS) -lm

unit: $(TESTS)
	@set -e; for t in $(TESTS); do echo "== $$t"; $$t; done

# The tests run the binary of this build ($(BUILD)/lfs), so the sanitizer
# build never replaces ./lfs.
e2e: $(BUILD)/lfs
	@LFS=$(CURDIR)/$(BUILD)/lfs bash tests/run-e2e.sh

check: lfs unit e2e

asan:
	$(MAKE) BUILD=build-asan CC=gcc CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" LDFLAGS="-fsanitize=address,undefined" unit e2e

# Unit tests and the store and namespace e2e tests under valgrind.
valgrind: lfs $(TESTS)
	@set -e; for t in $(TESTS); do echo "== valgrind $$t"; \
		valgrind -q --leak-check=full --error-exitcode=99 $$t >/dev/null; done
	@LFS=$(CURDIR)/tools/valgrind-lfs E2E_ONLY=10- bash tests/run-e2e.sh
	@LFS=$(CURDIR)/tools/valgrind-lfs E2E_ONLY=20- bash tests/run-e2e.sh

install: lfs
	install -D -m 0755 lfs $(DESTDIR)$(PREFIX)/bin/lfs
	install -D -m 0644 completions/lfs.bash $(DESTDIR)$(PREFIX)/share/bash-completion/completions/lfs

demo:
	bash tools/demo.sh

bench: lfs
	bash bench/bench.sh

clean:
	rm -rf build build-asan lfs
