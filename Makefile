# The two commands a newcomer needs are `make run` and `make test`; both install what is missing.
BUILD ?= build
ASAN_BUILD ?= build-asan
JOBS ?= $(shell nproc)
DB ?= var/opennrm.db

.PHONY: deps build asan run test browser-test bench format clean

deps:
	@scripts/install-deps

$(BUILD)/build.ninja:
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Release

# The sanitizer build only runs the tests: no benchmarks, light optimisation and line tables
# keep its compile time and its test time down while reports still name file and line.
$(ASAN_BUILD)/build.ninja:
	cmake -S . -B $(ASAN_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Debug -DOPENNRM_SANITIZE=ON \
	  -DOPENNRM_BENCH=OFF -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g1"

build: deps $(BUILD)/build.ninja
	cmake --build $(BUILD) -j $(JOBS)

asan: deps $(ASAN_BUILD)/build.ninja
	cmake --build $(ASAN_BUILD) -j $(JOBS)

run: build
	@scripts/run-demo $(BUILD)/opennrm $(DB)

test: build asan
	scripts/check-format
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)
	cd $(ASAN_BUILD) && ctest --output-on-failure -j $(JOBS) -LE slow
	$(MAKE) browser-test

# The web application in Debian's chromium (headless), driven by playwright-core: the acceptance
# flow, axe-core on every page, the pseudo-locale, and screenshots written to test-results/.
browser-test: build
	timeout -k 10 420 node tests/browser/run.mjs $(BUILD)/opennrm

bench: build
	$(BUILD)/bench/opennrm_bench --benchmark_counters_tabular=true

format:
	git ls-files '*.cpp' '*.h' | xargs clang-format -i

clean:
	rm -rf $(BUILD) $(ASAN_BUILD)
