# The two commands a new user needs are `make run` and `make test`; the rest
# are the steps they are made of. Every target installs what it needs first.

BUILD      ?= build
ASAN_BUILD ?= build-asan
JOBS       ?= $(shell nproc)
SCENARIO   ?=
OUT        ?= out/stargate-2025-01

CMAKE_FLAGS = -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo

.PHONY: setup build run test test-asan bench format format-check clean python-install

setup:
	@scripts/setup.sh

$(BUILD)/build.ninja:
	cmake -S . -B $(BUILD) $(CMAKE_FLAGS)

build: setup $(BUILD)/build.ninja
	cmake --build $(BUILD) -j $(JOBS)

# Runs the built-in Stargate scenario (or SCENARIO=path) and writes its outputs to OUT.
run: build
	$(BUILD)/stargate run $(SCENARIO) --out $(OUT)

# Every test: unit, scenario files, properties over generated scenarios, CLI transcripts.
test: build
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)

# The C++ tests under AddressSanitizer and UndefinedBehaviorSanitizer (no -Werror there;
# no Python module: ASan inside the interpreter would need LD_PRELOAD).
test-asan: setup
	cmake -S . -B $(ASAN_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DSTARGATE_SANITIZE=ON \
	  -DSTARGATE_WERROR=OFF -DSTARGATE_BUILD_BENCH=OFF -DSTARGATE_WITH_PYTHON=OFF
	cmake --build $(ASAN_BUILD) -j $(JOBS)
	cd $(ASAN_BUILD) && ctest --output-on-failure -j $(JOBS)

# `import stargate` for /usr/bin/python3 (docs/python.md): the package into its site
# directory, with sudo when not root.
python-install: build
	$(if $(filter 0,$(shell id -u)),,sudo) cmake --install $(BUILD) --component python

# Benchmarks in a Release build (the large scenarios come from the test
# generator), then instructions per built-in run under callgrind.
bench: setup
	cmake -S . -B build-release -G Ninja -DCMAKE_BUILD_TYPE=Release
	cmake --build build-release -j $(JOBS) --target stargate_bench stargate_run_builtin
	build-release/bench/stargate_bench
	BUILD=build-release bench/callgrind.sh

format:
	git ls-files '*.h' '*.cc' | xargs clang-format -i

format-check:
	git ls-files '*.h' '*.cc' | xargs clang-format --dry-run --Werror

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) build-release
