#!/usr/bin/env bash
# scripts/difftest.sh N [FIRST_SEED]
#
# Differential testing against gcc: Csmith programs (free of undefined behaviour) are
# built with gcc and run, then run by cmem; the checksums they print must agree.
# Seeds are tried from FIRST_SEED (default 1) upward until N programs have been compared;
# a program gcc's build does not finish within GCC_TIMEOUT seconds (default 1) is skipped,
# as cmem would need minutes for it. Prints one line per disagreement or problem and the
# counts: agree / disagree / cmem-unsupported / cmem-error / cmem-timeout.
# Programs that did not agree are kept in $KEEP (default difftest-failures/) with cmem's
# diagnostics beside them, ready to reduce (creduce is packaged too).
#
# Environment: CMEM (default target/release/cmem), CSMITH_INCLUDE (default
# /usr/include/csmith), CSMITH_OPTS (Csmith's options), GCC_TIMEOUT, CMEM_TIMEOUT (default
# 120), KEEP.
set -u
N=${1:?usage: scripts/difftest.sh N [FIRST_SEED]}
SEED=${2:-1}
CMEM=${CMEM:-target/release/cmem}
INC=${CSMITH_INCLUDE:-/usr/include/csmith}
GCC_TIMEOUT=${GCC_TIMEOUT:-1}
CMEM_TIMEOUT=${CMEM_TIMEOUT:-120}
KEEP=${KEEP:-difftest-failures}
# Csmith's own defaults (bit-fields, packed structs and volatiles included) unless set.
CSMITH_OPTS=${CSMITH_OPTS:-}

need() {  # need COMMAND DEBIAN_PACKAGE
    command -v "$1" >/dev/null 2>&1 && return
    echo "installing $2 ..." >&2
    { apt-get update -qq && apt-get install -y -qq "$2"; } >/dev/null 2>&1 ||
        { echo "error: cannot install $2" >&2; exit 1; }
}
need csmith csmith
need gcc gcc
[ -f "$INC/csmith.h" ] || need /usr/include/csmith/csmith.h libcsmith-dev
[ -x "$CMEM" ] || { echo "error: no cmem binary at $CMEM (cargo build --release)" >&2; exit 1; }

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
agree=0 disagree=0 unsupported=0 errors=0 timeouts=0 skipped=0 done=0

keep() {  # keep CATEGORY: save the program and what cmem said
    mkdir -p "$KEEP"
    cp "$WORK/p.c" "$KEEP/seed$SEED.c"
    cp "$WORK/cmem.err" "$KEEP/seed$SEED.$1.txt"
    echo "seed $SEED: $1 ($(grep -m1 -B2 '^  ×' "$WORK/cmem.err" | tr -s ' \n' ' ' | head -c 160))"
}

while ((done < N)); do
    # csmith writes platform.info into its working directory: run it in $WORK.
    (cd "$WORK" && csmith --seed "$SEED" $CSMITH_OPTS \
        --output p.c >/dev/null 2>&1) || { SEED=$((SEED + 1)); continue; }
    if ! gcc -O0 -w -I"$INC" "$WORK/p.c" -o "$WORK/p" 2>/dev/null ||
        ! timeout "$GCC_TIMEOUT" "$WORK/p" >"$WORK/gcc.out" 2>/dev/null; then
        skipped=$((skipped + 1)); SEED=$((SEED + 1)); continue
    fi
    timeout "$CMEM_TIMEOUT" "$CMEM" run --max-steps 100000000000 -I "$INC" "$WORK/p.c" \
        >"$WORK/cmem.out" 2>"$WORK/cmem.err"
    rc=$?
    done=$((done + 1))
    if ((rc == 0)) && cmp -s "$WORK/gcc.out" "$WORK/cmem.out"; then
        agree=$((agree + 1))
    elif ((rc == 124)) || grep -q '^step-limit' "$WORK/cmem.err"; then
        timeouts=$((timeouts + 1)); keep timeout
    elif ((rc != 0)) && grep -q -A2 '^unsupported' "$WORK/cmem.err"; then
        unsupported=$((unsupported + 1)); keep unsupported
    elif ((rc != 0)); then
        errors=$((errors + 1)); keep error
    else
        disagree=$((disagree + 1))
        diff "$WORK/gcc.out" "$WORK/cmem.out" >"$WORK/cmem.err"
        keep disagree
    fi
    SEED=$((SEED + 1))
done
echo "compared $done programs (skipped $skipped that gcc did not run within ${GCC_TIMEOUT}s)"
echo "agree $agree  disagree $disagree  cmem-unsupported $unsupported  cmem-error $errors  cmem-timeout $timeouts"
((disagree == 0 && errors == 0))
