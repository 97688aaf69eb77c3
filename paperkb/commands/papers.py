"""Subcommands that bring papers in and take them out (`import`, `add`, `export`)."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import time
from collections.abc import Callable, Iterator
from typing import Any

from paperkb.diagnostics import Diagnostic, did_you_mean, error, format_report, has_errors
from paperkb.importers.merge import Incoming, MergePlan, plan_merge, today
from paperkb.importers.topics import TopicBook
from paperkb.records.library import Library, open_library
from paperkb.records.model import STATUSES
from paperkb.writing.safe_write import WriteError, commit_text, papers_lock, read_papers_text
from paperkb.writing.writer import (
    add_fields,
    append_records,
    append_topics,
    check_merge,
    open_library_text,
    unified_diff,
    verify_merge,
)

DEFAULT_PAPERS = "papers.yaml"
MAX_SOURCE_BYTES = 50_000_000
MAX_MESSAGES = 200
_TOPIC_HELP = "topic id or title for every new record, made if new (default: 'inbox')"
_MARKDOWN_STATUS = "default: [x] read, [ ] or struck through to-read; a list without checkboxes: to-read"


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the import/export subcommands to the `paperkb` parser."""
    importer = commands.add_parser(
        "import", help="import papers: BibTeX, Markdown lists, JSON, YAML, arXiv answers"
    )
    kinds = importer.add_subparsers(dest="source", required=True, metavar="FORMAT")
    bibtex = kinds.add_parser("bibtex", help="import the entries of a .bib file")
    markdown = kinds.add_parser("markdown", help="import a Markdown paper list (headings become topics)")
    json_kind = kinds.add_parser("json", help="import what `paperkb export json` wrote (topics included)")
    yaml_kind = kinds.add_parser("yaml", help="import another project's YAML paper list (fields by name)")
    arxiv_kind = kinds.add_parser("arxiv", help="import a saved arXiv API answer (Atom XML)")
    add = commands.add_parser("add", help="add papers from arXiv by their ids or URLs")
    add.add_argument(
        "arxiv",
        nargs="+",
        metavar="ARXIV_ID_OR_URL",
        help="e.g. 1908.05932, arXiv:1908.05932v2 or an abs/pdf URL; several at once",
    )
    for sub, func, topic_help, status_help in (
        (bibtex, cmd_import_bibtex, _TOPIC_HELP, "default: to-read"),
        (markdown, cmd_import_markdown, _TOPIC_HELP + " (default: from the headings)", _MARKDOWN_STATUS),
        (json_kind, cmd_import_json, _TOPIC_HELP + " (default: the file's own)", "default: the file's own"),
        (yaml_kind, cmd_import_yaml, _TOPIC_HELP + " (default: a 'topic' field)", "default: to-read"),
        (arxiv_kind, cmd_import_arxiv, _TOPIC_HELP, "default: to-read"),
        (add, cmd_add, _TOPIC_HELP, "default: to-read"),
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

    def read(library: Library, book: TopicBook) -> tuple[list[Incoming], list[Diagnostic], int]:
        defaults = {"topics": [_fallback_topic(args, book)], "status": args.status or "to-read"}
        incoming, found, failed = read_bibtex(args.file, defaults)
        for item in incoming:
            item.fallback_topic = True
        return incoming, found, failed

    return run_import(args, read)


def cmd_import_markdown(args: argparse.Namespace) -> int:
    """`paperkb import markdown FILE`."""
    from paperkb.importers.markdown_list import read_markdown

    def read(library: Library, book: TopicBook) -> tuple[list[Incoming], list[Diagnostic], int]:
        forced = book.named(args.topic) if args.topic else None
        found = read_markdown(args.file, book, forced, args.status)
        for heading, topic in found.headings.items():
            print(f"topic: '{heading}' -> {topic}", file=sys.stderr)
        return found.incoming, found.diagnostics, found.failed

    return run_import(args, read)


def cmd_add(args: argparse.Namespace) -> int:
    """`paperkb add ID [ID ...]`: every answer is fetched before papers.yaml is locked."""
    from paperkb.importers.arxiv_api import TOTAL_TIMEOUT_S, ArxivError, fetch_arxiv_record

    deadline = time.monotonic() + TOTAL_TIMEOUT_S
    fetched: list[dict[str, Any]] = []
    problems: list[Diagnostic] = []
    for text in args.arxiv:
        try:
            fetched.append(fetch_arxiv_record(text, deadline=deadline))
        except ArxivError as exc:
            problems.append(error(text, 0, 0, exc.message, exc.hint))

    def read(library: Library, book: TopicBook) -> tuple[list[Incoming], list[Diagnostic], int]:
        return _arxiv_incoming(args, book, fetched, "arXiv:{arxiv}"), problems, len(problems)

    return run_import(args, read)


def cmd_import_arxiv(args: argparse.Namespace) -> int:
    """`paperkb import arxiv FILE.xml`: a saved API answer, read by the parser `add` uses."""
    from paperkb.importers.arxiv_api import ArxivError, parse_atom_file

    def read(library: Library, book: TopicBook) -> tuple[list[Incoming], list[Diagnostic], int]:
        try:
            with open(args.file, "rb") as handle:
                entries = parse_atom_file(handle.read(MAX_SOURCE_BYTES + 1)[:MAX_SOURCE_BYTES])
        except OSError as exc:
            return [], [error(args.file, 0, 0, f"cannot read file: {exc.strerror}", "check the path")], 1
        except ArxivError as exc:
            return (
                [],
                [error(args.file, 0, 0, exc.message.replace("the arXiv API sent", "the file holds"), "")],
                1,
            )
        return _arxiv_incoming(args, book, entries, args.file + ": arXiv:{arxiv}"), [], 0

    return run_import(args, read)


def _arxiv_incoming(
    args: argparse.Namespace, book: TopicBook, entries: list[dict[str, Any]], where: str
) -> list[Incoming]:
    from paperkb.importers.merge import make_draft

    defaults = {"topics": [_fallback_topic(args, book)], "status": args.status or "to-read"}
    return [
        Incoming(make_draft({**defaults, **fields}), where.format(arxiv=fields["arxiv"]), fallback_topic=True)
        for fields in entries
    ]


def cmd_import_json(args: argparse.Namespace) -> int:
    """`paperkb import json FILE`: the output of `export json`, topics and every field."""
    from paperkb.importers.structured import read_json_library

    args.as_exported = True

    def read(library: Library, book: TopicBook) -> tuple[list[Incoming], list[Diagnostic], int]:
        forced = book.named(args.topic) if args.topic else None
        return read_json_library(args.file, book, forced, args.status)

    return run_import(args, read)


def cmd_import_yaml(args: argparse.Namespace) -> int:
    """`paperkb import yaml FILE`: another project's YAML list, fields mapped by name."""
    from paperkb.importers.structured import read_yaml_list

    def read(library: Library, book: TopicBook) -> tuple[list[Incoming], list[Diagnostic], int]:
        forced = book.named(args.topic) if args.topic else None
        return read_yaml_list(args.file, book, forced, args.status)

    return run_import(args, read)


def _fallback_topic(args: argparse.Namespace, book: TopicBook) -> str:
    return book.named(args.topic) if args.topic else book.inbox()


def _check_topic(args: argparse.Namespace, library: Library) -> list[Diagnostic]:
    """A --topic that names no topic but is close to one is taken for a typo, not a new topic."""
    ids = [topic.id for topic in library.topics]
    if args.topic is None or TopicBook(library.topics).match(args.topic):
        return []
    close = did_you_mean(args.topic, ids)
    if not close:
        return []
    message = f"unknown topic '{args.topic}'{close}"
    hint = "use one of: " + ", ".join(ids) + "; or another name to make a new topic"
    return [error(args.papers, 0, 0, message, hint)]


@contextlib.contextmanager
def _maybe_locked(path: str, dry_run: bool) -> Iterator[str]:
    if dry_run:
        yield os.path.realpath(path)
    else:
        with papers_lock(path) as real:
            yield real


Reader = Callable[[Library, TopicBook], tuple[list[Incoming], list[Diagnostic], int]]


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
            book = TopicBook(library.topics)
            incoming, found, failed = read(library, book)
            return _merge_and_write(args, real, library, book, (incoming, found, failed))
    except WriteError as exc:
        _report(exc.diagnostics)
        return 1


def _merge_and_write(
    args: argparse.Namespace,
    real: str,
    library: Library,
    book: TopicBook,
    read: tuple[list[Incoming], list[Diagnostic], int],
) -> int:
    incoming, found, failed = read
    for item in incoming:
        if not getattr(args, "as_exported", False):  # an export is brought back as it was
            item.draft.setdefault("added", today())
    plan = plan_merge(library, incoming, args.papers)
    plan.new_topics = book.used([*plan.new, *plan.updates.values()])
    for topic in plan.new_topics:
        print(f"new topic '{topic['id']}' ({' · '.join(topic['title'].values())})", file=sys.stderr)
    if plan.without_topic:
        source = getattr(args, "file", None) or " ".join(args.arxiv)
        ids = ", ".join(topic.id for topic in library.topics)
        message = f"{len(plan.without_topic)} new paper(s) have no topic; nothing was imported"
        hint = f"pass --topic ID, one of: {ids}" if ids else "add a topic under 'topics:' first"
        found = [*found, error(source, 0, 0, message, hint)]
        _report(found)
        return 1
    _report(found)
    # Capped like the diagnostics: a hostile list may repeat one paper 10,000 times.
    _print_capped(plan.messages)
    _print_capped(plan.duplicates)
    original = read_papers_text(real)
    new_text = append_topics(
        append_records(add_fields(original.text, plan.updates), plan.new), plan.new_topics
    )
    if args.dry_run:  # checked like a real write, but in memory: not a byte is written
        problems = verify_merge(library, plan, *open_library_text(new_text, args.papers), args.papers)
        if problems:
            raise WriteError(problems)
        sys.stdout.write(unified_diff(original.text, new_text, args.papers))
    else:
        commit_text(real, original, new_text, check_merge(library, plan, args.papers), shown=args.papers)
    print(_summary(plan, failed) + (" (dry run: nothing written)" if args.dry_run else ""))
    return 1 if has_errors(found) else 0


def _print_capped(messages: list[str]) -> None:
    for message in messages[:MAX_MESSAGES]:
        print(message, file=sys.stderr)
    if len(messages) > MAX_MESSAGES:
        print(f"... and {len(messages) - MAX_MESSAGES} more message(s) not shown", file=sys.stderr)


def _summary(plan: MergePlan, failed: int) -> str:
    text = f"added {plan.added}, merged {plan.merged}, unchanged {plan.unchanged}, failed {failed}"
    if failed:
        text += f"; {failed} could not be read (see the errors above)"
    if plan.duplicates:
        text += f"; {len(plan.duplicates)} possible duplicate(s) to look at"
    return text


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
