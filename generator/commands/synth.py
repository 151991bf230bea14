"""`synth --count N [--seed S] -o FILE`: a realistic synthetic list."""

from __future__ import annotations

import argparse

from generator.format.yaml_writer import dump

from ..files import write_output
from ..synth import generate
from .limits import fits_loader


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg,unused-ignore]
    p = sub.add_parser("synth", help="write a realistic synthetic list for tests and benchmarks")
    p.add_argument("--count", type=int, required=True, metavar="N", help="number of entries")
    p.add_argument("--seed", type=int, default=1, metavar="S", help="random seed (default 1)")
    p.add_argument("-o", "--output", default=None, metavar="FILE",
                   help="output file (default: standard output)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.count < 0:
        raise SystemExit("synth: --count must be 0 or more")
    text = dump(generate(args.count, args.seed))
    if not fits_loader(text, args.output or "the output"):
        return 1
    write_output(args.output, text)
    return 0
