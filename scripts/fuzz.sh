#!/usr/bin/env bash
# scripts/fuzz.sh MINUTES [JOBS]
#
# Fuzzes the whole pipeline (preprocess -> lex -> parse -> check -> run under tight
# limits) with cargo-fuzz (libFuzzer, nightly Rust), MINUTES in total, split between the
# two targets of fuzz/:
#   pipeline    any bytes, seeded with the corpus of annotated C programs
#   structured  programs built from a structured description (fuzz/src/lib.rs), so the
#               checker, the VM, the memory model and the diagnostics are reached
# The run is scored on time and memory as well as crashes: an input that takes more than
# 10 s, or makes the process's resident memory exceed 1 GiB, fails the run like a crash
# or a Rust stack overflow does, and leaves its input in fuzz/artifacts/TARGET/
# (timeout-*, oom-*, crash-*). The program's own limits are small (200,000 steps, 16 MiB
# of objects): memory or time beyond them is a budget some stage escaped. Each target's
# summary gives its slowest input and its peak resident memory. Turn an artifact into a
# regression test with
#   scripts/fuzz.sh --keep fuzz/artifacts/TARGET/crash-...
# which writes the C program to tests/fuzz/ (run by `cargo test`).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${1:-}" = "--keep" ]; then
    artifact=${2:?usage: scripts/fuzz.sh --keep ARTIFACT}
    name=fuzz_$(basename "$artifact" | tr -c 'a-zA-Z0-9_\n' '_' | cut -c1-40)
    mkdir -p tests/fuzz
    case "$artifact" in
    *structured*) (cd fuzz && cargo +nightly run -q --release --bin render -- "../$artifact") >"tests/fuzz/$name.c" ;;
    *) cp "$artifact" "tests/fuzz/$name.c" ;;
    esac
    echo "tests/fuzz/$name.c"
    exit 0
fi

MINUTES=${1:?usage: scripts/fuzz.sh MINUTES [JOBS]}
JOBS=${2:-1}
command -v cargo-fuzz >/dev/null 2>&1 || cargo install cargo-fuzz
rustup toolchain list | grep -q nightly || rustup toolchain install nightly --profile minimal

cd fuzz
# The crate has no unsafe code: no sanitizer, so the fuzzer runs ~6x faster.
cargo +nightly fuzz build -O -s none structured
cargo +nightly fuzz build -O -s none pipeline
mkdir -p corpus/pipeline corpus/structured
cp ../tests/corpus/*.c ../tests/programs/*.c corpus/pipeline/ 2>/dev/null || true
half=$((MINUTES * 60 / 2))
status=0
for target in structured pipeline; do
    echo "== $target: $half s"
    cargo +nightly fuzz run -O -s none "$target" "corpus/$target" -- \
        -max_total_time="$half" -max_len=8192 -timeout=10 -rss_limit_mb=1024 \
        -report_slow_units=1 -jobs="$JOBS" -workers="$JOBS" -print_final_stats=1 \
        >"run-$target.log" 2>&1 || true
    grep -E "^(#[0-9]+ +DONE|stat::|==|SUMMARY|thread|.*panicked)" "run-$target.log" || true
    # libFuzzer's final statistics give the slowest input (whole seconds) and the peak
    # resident memory of the run.
    slowest=$(cat "run-$target.log" fuzz-*.log 2>/dev/null |
        awk '/stat::slowest_unit_time_sec/ {print $2}' | sort -n | tail -1) || true
    peak=$(cat "run-$target.log" fuzz-*.log 2>/dev/null |
        awk '/stat::peak_rss_mb/ {print $2}' | sort -n | tail -1) || true
    echo "score $target: slowest input ${slowest:-?} s, peak resident memory ${peak:-?} MiB"
    rm -f fuzz-*.log
    if ls "artifacts/$target"/* >/dev/null 2>&1; then
        echo "!! $target found problems:"; ls "artifacts/$target"
        status=1
    fi
done
exit $status
