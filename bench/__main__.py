"""`python -m bench`: run every measurement, print a table of figures, write bench/out/*.json.

Exits 0 when everything ran, even if a figure misses its target (the harness reports, it does
not judge); exits 1 only when a measurement could not run at all.
"""

from __future__ import annotations

import argparse
import sys
import traceback
from pathlib import Path

from bench.core import DEFAULT_OUT, Context, Result, discover
from bench.report import machine, table, write_json


def main(argv: list[str] | None = None) -> int:
    measurements = discover()
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--runs", type=int, default=7, help="repetitions per figure (min 5)")
    parser.add_argument(
        "--only", action="append", choices=[m.name for m in measurements], help="run just these"
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where data and JSON go")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the benchmark databases")
    args = parser.parse_args(argv)
    ctx = Context(out=args.out, runs=max(5, args.runs), rebuild=args.rebuild)
    info = machine()
    print(
        f"microoffice benchmark: Python {info['python']}, PySide6 {info['pyside6']}, "
        f"{info['cpus']} CPUs, Qt platform {info['qt_platform']}, {ctx.runs} runs per figure"
    )
    results: list[Result] = []
    errors: dict[str, str] = {}
    for m in measurements:
        if args.only and m.name not in args.only:
            continue
        print(f"- {m.name}: {m.about}", flush=True)
        try:
            results += m.run(ctx)
        except Exception as exc:  # a broken measurement is reported, the others still run
            traceback.print_exc()
            errors[m.name] = f"{type(exc).__name__}: {exc}"
    print()
    print(table(results, errors))
    path = write_json(ctx.out, results, errors, ctx.runs)
    print(f"\nResults written to {path}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
