"""Subcommands that build or write the site's pages (`generate`, `build`)."""

from __future__ import annotations

import argparse
import sys

from paperkb.commands.build import ENGINES
from paperkb.diagnostics import error, format_report, has_errors
from paperkb.records.library import open_library


def cmd_generate(args: argparse.Namespace) -> int:
    """Write the site's generated Markdown pages under --out (what the MkDocs hook adds in memory)."""
    from paperkb.exporters.bibtex import export_bibtex
    from paperkb.site.render import render_site, write_pages
    from paperkb.site.renderer import DEFAULT_TEMPLATES
    from paperkb.site.urls import BIBTEX_FILE
    from paperkb.writing.output_file import OutputRefused, write_inside

    library, diagnostics = open_library(args.papers)
    if diagnostics:
        print(format_report(diagnostics), file=sys.stderr)
    if library is None or has_errors(diagnostics):
        return 1
    pages = render_site(
        library,
        templates_dir=args.templates or DEFAULT_TEMPLATES,
        directory_urls=not args.no_directory_urls,
    )
    try:
        written = write_pages(pages, args.out)
        write_inside(args.out, BIBTEX_FILE, export_bibtex(library).encode("utf-8"))
    except (OutputRefused, OSError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        print(format_report([error(args.out, 0, 0, f"cannot write the pages: {reason}")]), file=sys.stderr)
        return 1
    print(f"wrote {len(written)} pages and {BIBTEX_FILE} under {args.out}")
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    """Validate, then build the site with MkDocs or Zensical (same as build_site.py)."""
    from paperkb.commands.build import main as build_main

    offline = ["--offline"] if args.offline else []
    return build_main(
        [
            "--papers",
            args.papers,
            "-f",
            args.config_file,
            "-d",
            args.site_dir,
            "--engine",
            args.engine,
            *offline,
        ]
    )


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the site subcommands to the `paperkb` parser."""
    generate = commands.add_parser("generate", help="write the site's generated pages as Markdown files")
    generate.add_argument("--out", required=True, metavar="DIR", help="folder to write the pages into")
    generate.add_argument("--papers", default="papers.yaml", help="the knowledge base (default papers.yaml)")
    generate.add_argument(
        "--templates", help="folder of page templates (default: the repository's templates/)"
    )
    generate.add_argument(
        "--no-directory-urls",
        action="store_true",
        help="link to page.html instead of page/ (use_directory_urls: false)",
    )
    generate.set_defaults(func=cmd_generate)

    build = commands.add_parser("build", help="validate papers.yaml, then build the site with MkDocs")
    build.add_argument("--papers", default="papers.yaml", help="the knowledge base (default papers.yaml)")
    build.add_argument("-f", "--config-file", default="mkdocs.yml", help="MkDocs config (default mkdocs.yml)")
    build.add_argument("-d", "--site-dir", default="site", help="output directory (default site/)")
    build.add_argument(
        "--engine",
        choices=ENGINES,
        default="mkdocs",
        help="mkdocs (MkDocs + Material, the default) or zensical (needs pip install -e '.[zensical]')",
    )
    build.add_argument(
        "--offline",
        action="store_true",
        help="a site to open from disk (file://): links to page.html files, search without a server",
    )
    build.set_defaults(func=cmd_build)
