"""`schema [-o FILE]`: the JSON Schema of the data format, generated from the model."""

from __future__ import annotations

import argparse

from generator.format.schema import render

from ..files import write_output


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg,unused-ignore]
    p = sub.add_parser("schema", help="print the JSON Schema of resources.yaml")
    p.add_argument("-o", "--output", default=None, metavar="FILE")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    write_output(args.output, render())
    return 0
