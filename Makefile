# weft: the two commands of the README's quick start, plus benchmarks.
#   make demo   builds and runs the bundled examples
#   make test   everything CI checks: GCC Release -Werror suite, ThreadSanitizer, ASan+UBSan
#   make bench  the benchmarks (not part of make test)
#   make fuzz   the litmus parser under libFuzzer for FUZZ_SECONDS (make test runs it for 60 s)
# Each target installs missing Debian packages first and configures and builds as needed.

JOBS ?= $(shell nproc)
CMAKE_COMMON = -G Ninja -DWEFT_WERROR=ON
BUILD = build
FUZZ_SECONDS ?= 600

.PHONY: all deps demo test test-release test-tsan test-asan test-fuzz fuzz bench clean

all: demo

deps:
	@scripts/install-deps.sh

$(BUILD)/release/build.ninja: | deps
	cmake -S . -B $(BUILD)/release $(CMAKE_COMMON) -DCMAKE_BUILD_TYPE=Release \
	  -DCMAKE_CXX_COMPILER=g++

$(BUILD)/tsan/build.ninja: | deps
	cmake -S . -B $(BUILD)/tsan $(CMAKE_COMMON) -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DCMAKE_CXX_COMPILER=clang++ -DWEFT_SANITIZE=thread -DWEFT_BUILD_EXAMPLES=OFF

$(BUILD)/asan/build.ninja: | deps
	cmake -S . -B $(BUILD)/asan $(CMAKE_COMMON) -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DCMAKE_CXX_COMPILER=clang++ -DWEFT_SANITIZE=address

$(BUILD)/fuzz/build.ninja: | deps
	cmake -S . -B $(BUILD)/fuzz $(CMAKE_COMMON) -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	  -DCMAKE_CXX_COMPILER=clang++ -DWEFT_BUILD_FUZZ=ON -DWEFT_BUILD_TESTS=OFF \
	  -DWEFT_BUILD_EXAMPLES=OFF -DWEFT_BUILD_TOOLS=OFF

$(BUILD)/bench/build.ninja: | deps
	cmake -S . -B $(BUILD)/bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_COMPILER=g++ \
	  -DWEFT_BUILD_BENCH=ON -DWEFT_BUILD_TESTS=OFF -DWEFT_BUILD_EXAMPLES=OFF

demo: $(BUILD)/release/build.ninja
	cmake --build $(BUILD)/release -j $(JOBS) --target demo_programs
	@scripts/run-demo.sh $(BUILD)/release

# GCC builds the whole suite with -Werror; Clang builds it again under the sanitizers, so both
# compilers are held warning-free.
test: test-release test-tsan test-asan test-fuzz

test-release: $(BUILD)/release/build.ninja
	cmake --build $(BUILD)/release -j $(JOBS)
	ctest --test-dir $(BUILD)/release --output-on-failure -j $(JOBS)

test-tsan: $(BUILD)/tsan/build.ninja
	cmake --build $(BUILD)/tsan -j $(JOBS)
	TSAN_OPTIONS=halt_on_error=1 ctest --test-dir $(BUILD)/tsan --output-on-failure -j $(JOBS)

test-asan: $(BUILD)/asan/build.ninja
	cmake --build $(BUILD)/asan -j $(JOBS)
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  ctest --test-dir $(BUILD)/asan --output-on-failure -j $(JOBS)

# The corpus files seed a scratch corpus that grows across runs; a crash or sanitizer report
# stops the run with a non-zero status and leaves the input as crash-* in $(BUILD)/fuzz.
fuzz: $(BUILD)/fuzz/build.ninja
	cmake --build $(BUILD)/fuzz -j $(JOBS) --target litmus_parser_fuzz
	mkdir -p $(BUILD)/fuzz/corpus
	cp tests/litmus/herdtools-c/*.litmus $(BUILD)/fuzz/corpus/
	cd $(BUILD)/fuzz && tests/fuzz/litmus_parser_fuzz corpus -max_total_time=$(FUZZ_SECONDS) \
	  -max_len=65536 -timeout=10 -print_final_stats=1

test-fuzz:
	$(MAKE) fuzz FUZZ_SECONDS=60

bench: $(BUILD)/bench/build.ninja
	cmake --build $(BUILD)/bench -j $(JOBS)
	@scripts/run-bench.sh $(BUILD)/bench

clean:
	rm -rf $(BUILD)
