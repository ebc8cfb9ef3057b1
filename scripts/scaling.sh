#!/usr/bin/env bash
# scripts/scaling.sh [CMEM] [SHARED_BENCH_DIR (default tests/bench)]
#
# Linear growth: runs every benchmark program as it is and with its work doubled (its
# size constant doubled; bintree's depth + 1, which doubles its nodes), and prints cmem's
# time for both and the ratio, which should be 2.00 +- 15%. The programs: the shared
# benchmarks, ours in bench/, and bench/scaling/leaks.c (the leak analysis at exit).
# Times are medians of REPS runs (default 5).
set -u
export LC_ALL=C
CMEM=${1:-target/release/cmem}
SHARED=${2:-tests/bench}
REPS=${REPS:-5}
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

median() {  # median of REPS runs of: cmem run ARGS FILE
    local file=$1; shift
    local times=() k s e
    for ((k = 0; k < REPS; k++)); do
        s=$EPOCHREALTIME
        "$CMEM" run "$@" "$file" >/dev/null 2>&1 || { echo "fail"; return; }
        e=$EPOCHREALTIME
        times+=("$(awk -v s="$s" -v e="$e" 'BEGIN { printf "%.4f", e - s }')")
    done
    printf '%s\n' "${times[@]}" | sort -g | sed -n "$(((REPS + 1) / 2))p"
}

printf '%-12s %-12s %9s %9s %7s\n' program constant "t(x1) s" "t(x2) s" ratio
echo "$CASES" | while read -r name file macro how extra; do
    [ -n "$name" ] || continue
    [ -f "$file" ] || { echo "$name: $file missing" >&2; continue; }
    value=$(sed -n "s/^#define $macro \([0-9]*\).*/\1/p" "$file" | head -n 1)
    if [ "$how" = "+1" ]; then doubled=$((value + 1)); else doubled=$((value * 2)); fi
    cp "$file" "$WORK/$name.c"
    sed "s/^#define $macro $value/#define $macro $doubled/" "$file" >"$WORK/${name}_x2.c"
    # shellcheck disable=SC2086
    t1=$(median "$WORK/$name.c" $extra)
    # shellcheck disable=SC2086
    t2=$(median "$WORK/${name}_x2.c" $extra)
    ratio=$(awk -v a="$t1" -v b="$t2" 'BEGIN { if (a > 0) printf "%.2f", b / a; else print "-" }')
    printf '%-12s %-12s %9s %9s %7s\n' "$name" "$macro $value->$doubled" "$t1" "$t2" "$ratio"
done
