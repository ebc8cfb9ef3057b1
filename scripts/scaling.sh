#!/usr/bin/env bash
# scripts/scaling.sh [CMEM] [SHARED_BENCH_DIR (default tests/bench)]
#
# Linear growth: runs every benchmark program as it is and with its work doubled (its
# size constant doubled; bintree's depth + 1, which doubles its nodes), and prints cmem's
# time for both and the ratio, which should be 2.00 +- 15%. The programs: the shared
# benchmarks, ours in bench/, and bench/scaling/leaks.c (the leak analysis at exit).
# Times are medians of REPS runs (default 5), the two sizes alternating; the ratio is the
# median of the pairs' ratios. MODE=instructions counts the instructions cmem executes
# instead (Valgrind's cachegrind, one run each: exact, and immune to a noisy machine).
set -u
export LC_ALL=C
CMEM=${1:-target/release/cmem}
SHARED=${2:-tests/bench}
REPS=${REPS:-5}
MODE=${MODE:-time}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# name file macro how (x2 or +1) extra-args
CASES="
bintree $SHARED/bintree.c MAX_DEPTH +1
hashstr $SHARED/hashstr.c ROUNDS x2
list $SHARED/list.c ROUNDS x2
matmul $SHARED/matmul.c REPS x2
vecsort $SHARED/vecsort.c N x2
tokenizer bench/tokenizer.c TEXT_BYTES x2
bytecode_vm bench/bytecode_vm.c ROUNDS x2
leaks bench/scaling/leaks.c N x2 --allow=memory-leak
"

# measure FILE ARGS...: one run of `cmem run ARGS FILE`: wall seconds, or with
# MODE=instructions the instructions it executed (cachegrind: exact and repeatable).
measure() {
    local file=$1; shift
    if [ "$MODE" = instructions ]; then
        valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null \
            "$CMEM" run "$@" "$file" 2>&1 >/dev/null | sed -n 's/.*I *refs: *//p' | tr -d ,
        return
    fi
    local s e
    s=$EPOCHREALTIME
    "$CMEM" run "$@" "$file" >/dev/null 2>&1 || { echo "fail"; return; }
    e=$EPOCHREALTIME
    awk -v s="$s" -v e="$e" 'BEGIN { printf "%.4f", e - s }'
}

median() { sort -g | sed -n "$(((REPS + 1) / 2))p"; }

if [ "$MODE" = instructions ]; then
    REPS=1; unit="Ginsn"
else
    unit="s"
fi
printf '%-12s %-30s %10s %10s %7s\n' program constant "x1 $unit" "x2 $unit" ratio
echo "$CASES" | while read -r name file macro how extra; do
    [ -n "$name" ] || continue
    [ -f "$file" ] || { echo "$name: $file missing" >&2; continue; }
    value=$(sed -n "s/^#define $macro \([0-9]*\).*/\1/p" "$file" | head -n 1)
    if [ "$how" = "+1" ]; then doubled=$((value + 1)); else doubled=$((value * 2)); fi
    cp "$file" "$WORK/$name.c"
    sed "s/^#define $macro $value/#define $macro $doubled/" "$file" >"$WORK/${name}_x2.c"
    # The two sizes alternate, so a slow spell of the machine hits both alike; the ratio
    # is the median of the REPS pairs' ratios.
    : >"$WORK/t1"; : >"$WORK/t2"; : >"$WORK/r"
    for ((k = 0; k < REPS; k++)); do
        # shellcheck disable=SC2086
        a=$(measure "$WORK/$name.c" $extra)
        # shellcheck disable=SC2086
        b=$(measure "$WORK/${name}_x2.c" $extra)
        echo "$a" >>"$WORK/t1"; echo "$b" >>"$WORK/t2"
        awk -v a="$a" -v b="$b" 'BEGIN { if (a > 0) printf "%.4f\n", b / a }' >>"$WORK/r"
    done
    t1=$(median <"$WORK/t1"); t2=$(median <"$WORK/t2"); ratio=$(median <"$WORK/r")
    if [ "$MODE" = instructions ]; then
        t1=$(awk -v v="$t1" 'BEGIN { printf "%.3f", v / 1e9 }')
        t2=$(awk -v v="$t2" 'BEGIN { printf "%.3f", v / 1e9 }')
    fi
    printf '%-12s %-30s %10s %10s %7.2f\n' "$name" "$macro $value->$doubled" "$t1" "$t2" "$ratio"
done
