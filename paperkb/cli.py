"""The `paperkb` command line."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from paperkb.diagnostics import format_report, has_errors
from paperkb.records.library import open_library

DEFAULT_PAPERS = "papers.yaml"


def cmd_validate(args: argparse.Namespace) -> int:
    """Check papers.yaml and print every problem, gcc-style."""
    _, diagnostics = open_library(args.path)
    if diagnostics:
        print(format_report(diagnostics, limit=args.max_errors), file=sys.stderr)
    if has_errors(diagnostics) or (args.strict and diagnostics):
        return 1
    if not args.quiet:
        print(f"{args.path}: OK" + (" (with warnings)" if diagnostics else ""))
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    """Print or write the JSON Schema of papers.yaml."""
    from paperkb.records.schema import render_schema

    text = render_schema()
    if args.output:
        with open(args.output, "w", encoding="utf-8") as handle:
            handle.write(text)
    else:
        sys.stdout.write(text)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="paperkb", description="A curated paper-notes knowledge base.")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    validate = commands.add_parser("validate", help="check papers.yaml and report every problem")
    validate.add_argument("path", nargs="?", default=DEFAULT_PAPERS, help="default: ./papers.yaml")
    validate.add_argument("--max-errors", type=int, default=200, help="print at most this many (default 200)")
    validate.add_argument("-q", "--quiet", action="store_true", help="print nothing when all is well")
    validate.add_argument(
        "--strict",
        action="store_true",
        help="fail on warnings too, such as a note the site would show as text (for CI and pre-commit)",
    )
    validate.set_defaults(func=cmd_validate)

    schema = commands.add_parser("schema", help="print the JSON Schema of papers.yaml")
    schema.add_argument("-o", "--output", help="write to this file instead of standard output")
    schema.set_defaults(func=cmd_schema)

    for register in _command_groups():
        register(commands)
    return parser


def _command_groups() -> list[Callable[[argparse._SubParsersAction[argparse.ArgumentParser]], None]]:
    """Each module adds its own subcommands (site, import, export)."""
    from paperkb.commands import papers as commands_io
    from paperkb.commands import site as commands_site

    return [commands_site.register, commands_io.register]


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
