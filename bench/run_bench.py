#!/usr/bin/env python3
"""Benchmark the site build against the plain-Markdown baseline; prints Markdown tables.

    python bench/run_bench.py                       # sizes 100, 1000, 10000; 3 repeats
    python bench/run_bench.py --sizes 1000 --repeat 1 --browser
    python bench/run_bench.py --repo /path/to/other/checkout   # measure another version
    python bench/run_bench.py --browser --sizes 1000 10000 --before /path/to/earlier/checkout

Every build runs in a fresh process. See bench/README.md for what each column means.
"""

from __future__ import annotations

import argparse
import builtins
import functools
import json
import os
import shutil
import sys
import tempfile
from typing import TextIO

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(BENCH_DIR)
sys.path[:0] = [BENCH_DIR, ROOT]

from measure import Runs, child_env, mkdocs_build, run_json, size_mb  # noqa: E402

from paperkb.records.library import open_library  # noqa: E402

COLUMNS = (
    "papers", "load+check s", "similar s", "render s", "index s", "build s", "peak MB", "warm build s",
    "baseline s", "baseline peak MB", "baseline/ours", "all-papers MB", "search index MB",
)  # fmt: skip


def prepare_library(work: str, count: int) -> str:
    """The synthetic library of `count` papers under `work` (written once); its papers.yaml."""
    import synth

    directory = os.path.join(work, f"lib-{count}")
    papers = os.path.join(directory, "papers.yaml")
    if not os.path.exists(os.path.join(directory, ".complete")):
        shutil.rmtree(directory, ignore_errors=True)
        synth.write_library(count, directory)
        open(os.path.join(directory, ".complete"), "w").close()
    return papers


def prepare_baseline(work: str, count: int, papers: str) -> str:
    """The baseline site's mkdocs.yml for the same library (written once)."""
    from baseline import write_baseline_site

    directory = os.path.join(work, f"baseline-{count}")
    config = os.path.join(directory, "mkdocs.yml")
    if not os.path.exists(config):
        library, diagnostics = open_library(papers)
        if library is None:
            raise SystemExit(f"synthetic library has errors: {diagnostics[:3]}")
        write_baseline_site(library, directory)
    return config


def measure_size(
    args: argparse.Namespace, count: int, repo: str, baseline_runs: Runs | None = None
) -> dict[str, Runs]:
    """Repeated phases, builds and baseline builds of one library size, built by the checkout
    `repo`; with `baseline_runs` (another checkout's), the baseline is not built again."""
    papers = prepare_library(args.work, count)
    baseline = prepare_baseline(args.work, count, papers)
    compile_package(repo)
    runs = {name: Runs() for name in COLUMNS[1:]}
    site, base_site = site_dir(args, count, repo), os.path.join(args.work, f"base-{count}")
    for _ in range(args.repeat):
        phases = run_json("phases.py", [papers], child_env(repo), repo)
        runs["load+check s"].add(phases["load"])
        runs["render s"].add(phases["render"])
        if "similar" in phases:
            runs["similar s"].add(phases["similar"])
        if "index" in phases:
            runs["index s"].add(phases["index"])
        with tempfile.TemporaryDirectory(prefix="paperkb-cache-") as cache:
            env = child_env(repo, papers, {"PAPERKB_CACHE_DIR": cache})
            seconds, peak = mkdocs_build(os.path.join(repo, "mkdocs.yml"), site, env)
            runs["build s"].add(seconds)
            runs["peak MB"].add(peak)
            if not args.no_warm:
                runs["warm build s"].add(mkdocs_build(os.path.join(repo, "mkdocs.yml"), site, env)[0])
        if not args.no_baseline and baseline_runs is None:
            seconds, peak = mkdocs_build(baseline, base_site, child_env(repo))
            runs["baseline s"].add(seconds)
            runs["baseline peak MB"].add(peak)
    if baseline_runs is not None:
        runs["baseline s"], runs["baseline peak MB"] = baseline_runs, Runs()
    if runs["baseline s"].values:
        runs["baseline/ours"].add(runs["baseline s"].median() / runs["build s"].median())
    runs["all-papers MB"].add(size_mb(os.path.join(site, "all", "index.html")))
    runs["search index MB"].add(size_mb(os.path.join(site, "search", "search_index.json")))
    return runs


def compile_package(repo: str) -> None:
    """Write the checkout's bytecode, as installing a package does: with PYTHONDONTWRITEBYTECODE
    set, each build would otherwise compile paperkb's modules again (40 ms), which the baseline's
    installed packages never do."""
    import compileall

    compileall.compile_dir(os.path.join(repo, "paperkb"), quiet=1)


def site_dir(args: argparse.Namespace, count: int, repo: str) -> str:
    """Where `repo`'s site of `count` papers is built (kept for the browser measurements)."""
    label = "" if repo == args.repo else "-before"
    return os.path.join(args.work, f"site-{count}{label}")


def measure_checkouts(args: argparse.Namespace, count: int) -> dict[str, dict[str, Runs]]:
    """This checkout's figures for one size, then the --before checkout's (sharing the baseline)."""
    measured = {"after": measure_size(args, count, args.repo)}
    if args.before:
        measured["before"] = measure_size(args, count, args.before, measured["after"]["baseline s"])
    return measured


def measure_incremental(args: argparse.Namespace, clean: Runs | None) -> dict[str, object]:
    """Serve's rebuild after editing one record, against a clean build of the same library."""
    count = args.incremental_size
    source = os.path.dirname(prepare_library(args.work, count))
    copy = os.path.join(args.work, f"serve-{count}")
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(source, copy)
    papers = os.path.join(copy, "papers.yaml")
    site = os.path.join(args.work, f"serve-site-{count}")
    with tempfile.TemporaryDirectory(prefix="paperkb-cache-") as cache:
        env = child_env(args.repo, papers, {"PAPERKB_CACHE_DIR": cache})
        config = os.path.join(args.repo, "mkdocs.yml")
        result = run_json("serve_sim.py", [config, papers, site, str(args.repeat)], env, args.repo)
        if clean is None or not clean.values:
            clean = Runs()
            for _ in range(args.repeat):
                clean.add(mkdocs_build(config, os.path.join(args.work, "clean-site"), env)[0])
    rebuild = Runs(result["rebuilds"])
    return {"papers": count, "clean": clean, "first": result["first"], "rebuild": rebuild,
            "visible": result["visible"], "ratio": clean.median() / rebuild.median()}  # fmt: skip


def print_tables(
    sizes: dict[int, dict[str, dict[str, Runs]]],
    incremental: dict | None,
    browser: dict | None,
    file: TextIO = sys.stdout,
) -> None:
    print = functools.partial(builtins.print, file=file)
    print("| checkout | " + " | ".join(COLUMNS) + " |")
    print("|" + "---|" * (len(COLUMNS) + 1))
    for count, checkouts in sizes.items():
        for label, runs in checkouts.items():
            cells = [label, f"{count:,}"] + [runs[name].cell() for name in COLUMNS[1:]]
            print("| " + " | ".join(cells) + " |")
    if incremental:
        print(f"\nRebuild under serve after editing one record, {incremental['papers']:,} papers:")
        print(f"- clean build (fresh process): {incremental['clean'].cell()} s")
        print(f"- first build in the serving process: {incremental['first']:.2f} s")
        print(f"- rebuild after one edit: {incremental['rebuild'].cell()} s "
              f"(edit visible: {incremental['visible']}); clean/rebuild = {incremental['ratio']:.1f}x")  # fmt: skip
    for (count, label), measured in (browser or {}).items():
        print(f"\nBrowser (headless Chromium), {count:,} papers, {label}:")
        for name, value in measured["timings"].items():
            print(f"- {name}: {Runs(value).cell(3)} s")
        for name, megabytes in measured["sizes"].items():
            print(f"- {name}: {megabytes:.2f}")


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="*", default=[100, 1000, 10000], help="none: skip")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--repo", default=ROOT, help="the checkout to measure (default: this one)")
    parser.add_argument("--work", default=os.path.join(ROOT, "bench", "out"), help="scratch folder")
    parser.add_argument("--no-baseline", action="store_true", help="skip the baseline builds")
    parser.add_argument("--no-warm", action="store_true", help="skip the warm builds")
    parser.add_argument("--incremental-size", type=int, default=1000, help="0 skips the rebuild test")
    parser.add_argument("--browser", action="store_true", help="also time search and page loads")
    parser.add_argument("--browser-size", type=int, default=3000, help="when --sizes is none")
    parser.add_argument("--before", help="also measure this checkout (an earlier version), same baseline")
    parser.add_argument("--json", help="also write the results to this file")
    args = parser.parse_args(argv)
    args.repo, args.work = os.path.abspath(args.repo), os.path.abspath(args.work)
    args.before = os.path.abspath(args.before) if args.before else None
    os.makedirs(args.work, exist_ok=True)
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    sizes = {}
    for count in args.sizes:
        sizes[count] = measure_checkouts(args, count)
        print(f"measured {count} papers", file=sys.stderr)
        print_tables({count: sizes[count]}, None, None, file=sys.stderr)  # progress, as it comes
    incremental = None
    if args.incremental_size:
        clean = sizes.get(args.incremental_size, {}).get("after", {}).get("build s")
        incremental = measure_incremental(args, clean)
    browser = measure_browsers(args) if args.browser else None
    print_tables(sizes, incremental, browser)
    if args.json:
        write_json(args.json, sizes, incremental, browser)
    return 0


def measure_browsers(args: argparse.Namespace) -> dict[tuple[int, str], dict]:
    """Each measured size's sites (this checkout's, and --before's) in Chromium."""
    from browser import measure_browser, served_sizes

    results = {}
    repos = {"after": args.repo, **({"before": args.before} if args.before else {})}
    for count in args.sizes or [args.browser_size]:
        for label, repo in repos.items():
            site = site_dir(args, count, repo)
            if not os.path.isfile(os.path.join(site, "index.html")):
                papers = prepare_library(args.work, count)
                mkdocs_build(os.path.join(repo, "mkdocs.yml"), site, child_env(repo, papers))
            results[(count, label)] = {
                "timings": measure_browser(site, args.repeat),
                "sizes": served_sizes(site),
            }
            print(f"timed {count} papers in the browser ({label})", file=sys.stderr)
    return results


def write_json(path: str, sizes: dict, incremental: dict | None, browser: dict | None) -> None:
    """The figures as JSON (every repeat)."""

    def plain(value: object) -> object:
        return value.values if isinstance(value, Runs) else value

    data = {
        "sizes": {
            str(n): {label: {k: plain(v) for k, v in runs.items()} for label, runs in checkouts.items()}
            for n, checkouts in sizes.items()
        },
        "incremental": {k: plain(v) for k, v in (incremental or {}).items()},
        "browser": {f"{n} {label}": value for (n, label), value in (browser or {}).items()},
    }
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(data, handle, indent=1)


if __name__ == "__main__":
    sys.exit(main())
