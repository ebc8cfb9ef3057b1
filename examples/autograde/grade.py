#!/usr/bin/env python3
"""Grades a folder of C submissions from cmem's --report JSON alone.

    python3 examples/autograde/grade.py [--cmem PATH] FOLDER

Each FOLDER/*.c runs under `cmem run --format json --report FILE`; the program's own
stdout and stderr are not read. Every line of the report is one diagnostic (its schema is
schema/report.schema.json). Scores out of 10: a program that does not compile gets 0; each
runtime error costs 5, each leaked allocation site 3, each still-reachable block 1.
Prints one line per submission and a JSON summary with --json.
"""
import json
import os
import subprocess
import sys
import tempfile

COMPILE = {"syntax-error", "type-error", "undeclared", "unsupported"}


def grade(cmem, path):
    with tempfile.TemporaryDirectory() as tmp:
        report = os.path.join(tmp, "report.jsonl")
        subprocess.run(
            [cmem, "run", "--format", "json", "--report", report, path],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            timeout=60,
        )
        with open(report, encoding="utf-8") as f:
            diagnostics = [json.loads(line) for line in f if line.strip()]
    found = [f'{d["code"]}@{d["line"]}' for d in diagnostics]
    if any(d["code"] in COMPILE and d["severity"] == "error" for d in diagnostics):
        return 0, found
    score = 10
    for d in diagnostics:
        if d["code"] == "memory-leak":
            score -= 3
        elif d["code"] == "still-reachable":
            score -= 1
        elif d["severity"] == "error":
            score -= 5
    return max(score, 0), found


def main(argv):
    cmem = "cmem"
    as_json = False
    args = []
    it = iter(argv)
    for a in it:
        if a == "--cmem":
            cmem = next(it)
        elif a == "--json":
            as_json = True
        else:
            args.append(a)
    if len(args) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    folder = args[0]
    results = {}
    for name in sorted(os.listdir(folder)):
        if name.endswith(".c"):
            results[name] = grade(cmem, os.path.join(folder, name))
    if as_json:
        print(json.dumps({n: {"score": s, "found": f} for n, (s, f) in results.items()}, indent=2))
    else:
        for name, (score, found) in results.items():
            print(f"{name:12} {score:2}/10  {' '.join(found) or 'clean'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
