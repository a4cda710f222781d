#!/usr/bin/env bash
# The quick start: installs what is missing on Debian 12, builds, and runs.
#   cmake/dev.sh demo      the seed scenarios, on an embedded SQLite database
#   cmake/dev.sh test      the whole test suite (CTest)
#   cmake/dev.sh asan      the whole test suite under AddressSanitizer + UBSan
#   cmake/dev.sh bench     the benchmarks (figures and ratios, not pass/fail)
#   cmake/dev.sh faults    the fault-injection tests, sweeping every allocation and I/O operation
#   cmake/dev.sh fuzz      tests/fuzz's libFuzzer target for 10 minutes (FUZZ_SECONDS), clang
#   cmake/dev.sh docs      the API reference (Doxygen) in build/docs/html, and its completeness test
set -euo pipefail
cd "$(dirname "$0")/.."
what=${1:-test}

packages=(build-essential cmake pkg-config libsqlite3-dev libffi-dev libpq-dev postgresql swig lua5.4 liblua5.4-dev luarocks ruby ruby-dev golang-go valgrind graphviz doxygen)
missing=()
for p in "${packages[@]}"; do
	dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if ((${#missing[@]})); then
	sudo=""
	[ "$(id -u)" -eq 0 ] || sudo="sudo"
	echo "installing: ${missing[*]}"
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

jobs=$(nproc 2>/dev/null || echo 2)
build() { # dir, extra cmake args...
	local dir=$1
	shift
	cmake -S . -B "$dir" -DASSOC_WERROR=ON "$@" >/dev/null
	cmake --build "$dir" -j "$jobs" >/dev/null
}

case "$what" in
demo)
	build build
	cmake --build build --target demo
	;;
test)
	build build
	ctest --test-dir build --output-on-failure -j "$jobs"
	;;
asan)
	# the C library and its C tests: host interpreters do not load the sanitizer runtimes
	build build-asan -DASSOC_SANITIZE=ON -DASSOC_BUILD_BENCH=OFF -DCMAKE_BUILD_TYPE=Debug \
		-DASSOC_WITH_LUA=OFF -DASSOC_WITH_RUBY=OFF -DASSOC_WITH_GO=OFF
	ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 \
		ctest --test-dir build-asan --output-on-failure -j "$jobs"
	;;
bench)
	build build-bench -DCMAKE_BUILD_TYPE=Release -DASSOC_BUILD_TESTS=OFF
	cmake --build build-bench --target bench
	;;
faults)
	# every allocation and every I/O operation, not the suite's sample (about 5 minutes)
	build build
	ASSOC_FAULT_FULL=1 ASSOC_TEST_TIMEOUT=3600 ctest --test-dir build --output-on-failure --timeout 3600 -L faults
	;;
fuzz)
	# clang with libFuzzer, a build of its own; new inputs and crashes stay in build-fuzz
	command -v clang >/dev/null || {
		sudo=""
		[ "$(id -u)" -eq 0 ] || sudo="sudo"
		DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq clang >/dev/null
	}
	CC=clang build build-fuzz -DASSOC_FUZZ=ON -DASSOC_SANITIZE=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo \
		-DASSOC_BUILD_BENCH=OFF -DASSOC_BUILD_EXAMPLES=OFF \
		-DASSOC_WITH_LUA=OFF -DASSOC_WITH_RUBY=OFF -DASSOC_WITH_GO=OFF
	work=build-fuzz/tests/fuzz
	UBSAN_OPTIONS=print_stacktrace=1 "$work/fuzz_api" -max_total_time="${FUZZ_SECONDS:-600}" -timeout=30 \
		-print_final_stats=1 -artifact_prefix="$work/" "$work/corpus-new" tests/fuzz/corpus
	;;
docs)
	cmake -S . -B build -DASSOC_WERROR=ON >/dev/null
	cmake --build build --target docs
	ctest --test-dir build --output-on-failure -L docs
	echo "the reference: build/docs/html/index.html"
	;;
*)
	echo "usage: cmake/dev.sh demo|test|asan|bench|faults|fuzz|docs" >&2
	exit 2
	;;
esac
