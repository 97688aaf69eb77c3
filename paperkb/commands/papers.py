"""Subcommands that bring papers in and take them out (`import`, `add`, `export`)."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Callable, Iterator

from paperkb.diagnostics import Diagnostic, did_you_mean, error, format_report, has_errors
from paperkb.importers.merge import Incoming, MergePlan, plan_merge, today
from paperkb.records.library import Library, open_library
from paperkb.records.model import STATUSES
from paperkb.writing.writer import (
    WriteError,
    add_fields,
    append_records,
    check_merge,
    commit_text,
    open_library_text,
    papers_lock,
    read_papers_text,
    unified_diff,
    verify_merge,
)

DEFAULT_PAPERS = "papers.yaml"
MAX_MESSAGES = 200
_MARKDOWN_STATUS = "default: [x] read, [ ] or struck through to-read; a list without checkboxes: to-read"


def register(commands: argparse._SubParsersAction) -> None:
    """Add the import/export subcommands to the `paperkb` parser."""
    importer = commands.add_parser("import", help="import papers from a BibTeX file or a Markdown list")
    kinds = importer.add_subparsers(dest="source", required=True, metavar="FORMAT")
    bibtex = kinds.add_parser("bibtex", help="import the entries of a .bib file")
    markdown = kinds.add_parser("markdown", help="import a Markdown paper list (headings become topics)")
    add = commands.add_parser("add", help="add one paper from arXiv by its id or URL")
    add.add_argument(
        "arxiv", metavar="ARXIV_ID_OR_URL", help="e.g. 1908.05932, arXiv:1908.05932v2 or an abs/pdf URL"
    )
    for sub, func, topic_help, status_help in (
        (bibtex, cmd_import_bibtex, "topic of the new records (needed when any are new)", "default: to-read"),
        (markdown, cmd_import_markdown, "topic for entries under headings that name none", _MARKDOWN_STATUS),
        (add, cmd_add, "topic of the new record", "default: to-read"),
    ):
        if sub is not add:
            sub.add_argument("file", metavar="FILE", help="the file to import")
        _add_write_options(sub, topic_help, status_help)
        sub.set_defaults(func=func)
    export = commands.add_parser("export", help="write the library as BibTeX, a README list or JSON")
    export.add_argument("format", choices=("bibtex", "readme", "json"), help="output format")
    export.add_argument("--papers", default=DEFAULT_PAPERS, metavar="PATH", help="default: ./papers.yaml")
    export.add_argument(
        "-o", "--output", metavar="FILE", help="write to FILE (`-`: standard output, the default)"
    )
    export.set_defaults(func=cmd_export)


def _add_write_options(parser: argparse.ArgumentParser, topic_help: str, status_help: str) -> None:
    parser.add_argument("--papers", default=DEFAULT_PAPERS, metavar="PATH", help="default: ./papers.yaml")
    parser.add_argument("--topic", metavar="ID", help=topic_help)
    parser.add_argument("--status", choices=STATUSES, help=f"reading status ({status_help})")
    parser.add_argument("--dry-run", action="store_true", help="print the change as a diff; write nothing")


def cmd_import_bibtex(args: argparse.Namespace) -> int:
    """`paperkb import bibtex FILE`."""
    from paperkb.importers.bibtex import read_bibtex

    def read(library: Library) -> tuple[list[Incoming], list[Diagnostic], int]:
        defaults = {"topics": [args.topic] if args.topic else [], "status": args.status or "to-read"}
        incoming, found, failed = read_bibtex(args.file, defaults)
        for item in incoming:
            item.fallback_topic = True
        return incoming, found, failed

    return run_import(args, read)


def cmd_import_markdown(args: argparse.Namespace) -> int:
    """`paperkb import markdown FILE`."""
    from paperkb.importers.markdown_list import read_markdown

    def read(library: Library) -> tuple[list[Incoming], list[Diagnostic], int]:
        found = read_markdown(args.file, library.topics, args.topic, args.status)
        for heading, topic in found.headings.items():
            print(f"topic: '{heading}' -> {topic}", file=sys.stderr)
        return found.incoming, found.diagnostics, found.failed

    return run_import(args, read)


def cmd_add(args: argparse.Namespace) -> int:
    """`paperkb add ARXIV_ID_OR_URL`."""
    from paperkb.importers.arxiv_api import ArxivError, fetch_arxiv_record
    from paperkb.importers.merge import make_draft

    def read(library: Library) -> tuple[list[Incoming], list[Diagnostic], int]:
        try:
            fields = fetch_arxiv_record(args.arxiv)
        except ArxivError as exc:
            return [], [error(args.arxiv, 0, 0, exc.message, exc.hint)], 1
        defaults = {"topics": [args.topic] if args.topic else [], "status": args.status or "to-read"}
        draft = make_draft({**defaults, **fields})
        return [Incoming(draft, f"arXiv:{fields['arxiv']}", fallback_topic=True)], [], 0

    return run_import(args, read)


def _check_topic(args: argparse.Namespace, library: Library) -> list[Diagnostic]:
    ids = [topic.id for topic in library.topics]
    if args.topic is None or args.topic in ids:
        return []
    message = f"unknown topic '{args.topic}'{did_you_mean(args.topic, ids)}"
    return [error(args.papers, 0, 0, message, "use one of: " + ", ".join(ids))]


@contextlib.contextmanager
def _maybe_locked(path: str, dry_run: bool) -> Iterator[str]:
    if dry_run:
        yield os.path.realpath(path)
    else:
        with papers_lock(path) as real:
            yield real


Reader = Callable[[Library], tuple[list[Incoming], list[Diagnostic], int]]


def run_import(args: argparse.Namespace, read: Reader) -> int:
    """Read a source, merge it into papers.yaml, and write the result (or its diff)."""
    try:
        with _maybe_locked(args.papers, args.dry_run) as real:
            library, problems = open_library(args.papers)
            if library is None:
                _report(problems)
                print(f"{args.papers} has errors; fix them first (nothing was imported)", file=sys.stderr)
                return 1
            topic_problems = _check_topic(args, library)
            if topic_problems:
                _report(topic_problems)
                return 1
            incoming, found, failed = read(library)
            return _merge_and_write(args, real, library, incoming, found, failed)
    except WriteError as exc:
        _report(exc.diagnostics)
        return 1


def _merge_and_write(args, real: str, library: Library, incoming, found, failed: int) -> int:
    for item in incoming:
        item.draft.setdefault("added", today())
    plan = plan_merge(library, incoming)
    if plan.without_topic:
        source = getattr(args, "file", None) or args.arxiv
        ids = ", ".join(topic.id for topic in library.topics)
        message = f"{len(plan.without_topic)} new paper(s) have no topic; nothing was imported"
        hint = f"pass --topic ID, one of: {ids}" if ids else "add a topic under 'topics:' first"
        found = [*found, error(source, 0, 0, message, hint)]
        _report(found)
        return 1
    _report(found)
    # Capped like the diagnostics: a hostile list may repeat one paper 10,000 times.
    for message in plan.messages[:MAX_MESSAGES]:
        print(message, file=sys.stderr)
    if len(plan.messages) > MAX_MESSAGES:
        print(f"... and {len(plan.messages) - MAX_MESSAGES} more message(s) not shown", file=sys.stderr)
    original = read_papers_text(real)
    new_text = append_records(add_fields(original.text, plan.updates), plan.new)
    if args.dry_run:  # checked like a real write, but in memory: not a byte is written
        problems = verify_merge(library, plan, *open_library_text(new_text, args.papers), args.papers)
        if problems:
            raise WriteError(problems)
        sys.stdout.write(unified_diff(original.text, new_text, args.papers))
    else:
        commit_text(real, original, new_text, check_merge(library, plan, args.papers), shown=args.papers)
    print(_summary(plan, failed) + (" (dry run: nothing written)" if args.dry_run else ""))
    return 1 if has_errors(found) else 0


def _summary(plan: MergePlan, failed: int) -> str:
    return f"added {plan.added}, merged {plan.merged}, skipped {plan.skipped}, failed {failed}"


def _report(diagnostics: list[Diagnostic]) -> None:
    if diagnostics:
        print(format_report(diagnostics), file=sys.stderr)


def cmd_export(args: argparse.Namespace) -> int:
    """`paperkb export bibtex|readme|json`."""
    from paperkb.exporters.formats import EXPORTERS
    from paperkb.writing.output_file import OutputRefused, library_files, write_output

    library, problems = open_library(args.papers)
    if library is None:
        _report(problems)
        print(f"{args.papers} has errors; fix them first (nothing was exported)", file=sys.stderr)
        return 1
    text = EXPORTERS[args.format](library)
    if not args.output:
        sys.stdout.write(text)
        return 0
    try:
        written = write_output(args.output, text, library_files(args.papers, library.note_paths.values()))
    except OutputRefused as exc:
        _report([error(args.output, 0, 0, f"refused: {exc}", "nothing was written")])
        return 1
    except OSError as exc:
        _report([error(args.output, 0, 0, f"cannot write: {exc.strerror}", "check the path and permissions")])
        return 1
    print(f"wrote {written}", file=sys.stderr)
    return 0
