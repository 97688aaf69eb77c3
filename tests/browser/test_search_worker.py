"""paperkb's search worker answers every query as material's own worker does, on the fixture site.

Both workers run in Chromium on the built site, each given search_index.json as material's page
gives it; each query's whole answer (results, scores, order, highlighting, suggestions) must be
the same, and paperkb's must come from the term files rather than from indexing in the browser.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import Page

pytestmark = pytest.mark.browser

QUERIES = [
    "occlusion", "Progressive", "face", "face swap", '"face swap"', "+face -swap", "title:face",
    "fac", "gan~1", "*ment", "FaceShifter", "reenactment", "arXiv", "2020", "nonexistentword", "-face",
    "face^2", "FSGAN GFPGAN PGGAN", "the",
    "遮挡", "超分", "换脸", "人脸重演", "重演", "人脸 超分", "生成对抗网络",
]  # fmt: skip

ANSWERS = """async ([material, queries]) => {
  const base = new URL("assets/javascripts/workers/", location.href).href;
  const index = await (await fetch("search/search_index.json")).json();
  function start(url) {
    const worker = new Worker(url);
    const replies = [];
    let waiting = null;
    worker.onmessage = (event) => { replies.push(event.data); if (waiting) waiting(); };
    return async (message) => {
      const count = replies.length;
      worker.postMessage(message);
      while (replies.length === count) await new Promise((resolve) => { waiting = resolve; });
      return replies[count];
    };
  }
  const answers = {};
  for (const [name, url] of [["material", base + material], ["paperkb", base + "paperkb-search.js#" + material]]) {
    const send = start(url);
    const ready = await send({ type: 0, data: { ...structuredClone(index), options: { suggest: true } } });
    answers[name] = [ready];
    for (const query of queries) answers[name].push(await send({ type: 2, data: query }));
  }
  return answers;
}"""


def material_worker(site: Path) -> str:
    workers = site / "assets" / "javascripts" / "workers"
    return next(path.name for path in workers.glob("search.*.min.js"))


def test_answers_match_material_s_worker(site_page: Page, site_url: str, browser_site: Path) -> None:
    requested: list[str] = []
    site_page.on("request", lambda request: requested.append(request.url))
    site_page.goto(site_url)
    answers = site_page.evaluate(ANSWERS, [material_worker(browser_site), QUERIES])
    mine, theirs = answers["paperkb"], answers["material"]
    assert mine[0] == theirs[0] == {"type": 1}
    found = 0
    for query, got, expected in zip(QUERIES, mine[1:], theirs[1:], strict=True):
        assert json.dumps(got, ensure_ascii=False) == json.dumps(expected, ensure_ascii=False), query
        found += bool(expected["data"]["items"])
    assert found >= len(QUERIES) - 4  # the queries do find something
    assert any(url.endswith("/search/shards/terms.json") for url in requested)
    assert any(url.endswith("/search/shards/0.json") for url in requested)


def test_term_files_list_every_document(browser_site: Path) -> None:
    index = json.loads((browser_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    terms = json.loads((browser_site / "search" / "shards" / "terms.json").read_text(encoding="utf-8"))
    assert terms["documents"] == len(index["docs"])
    assert (terms["first"], terms["last"]) == (index["docs"][0]["location"], index["docs"][-1]["location"])
    assert sum(map(len, terms["shards"])) == len({t for shard in terms["shards"] for t in shard})


def test_without_term_files_it_indexes_as_material_does(
    site_page: Page, site_url: str, browser_site: Path
) -> None:
    requested: list[str] = []
    site_page.context.route(
        "**/search/shards/**", lambda route: (requested.append(route.request.url), route.abort())
    )
    site_page.goto(site_url)
    queries = ["face swap", "换脸", "Progressive"]
    answers = site_page.evaluate(ANSWERS, [material_worker(browser_site), queries])
    assert requested  # the term files were asked for, and refused
    assert json.dumps(answers["paperkb"], ensure_ascii=False) == json.dumps(
        answers["material"], ensure_ascii=False
    )


def test_a_site_with_few_term_files_fetches_them_all_at_load(
    site_page: Page, site_url: str, browser_site: Path
) -> None:
    shards = {path.name for path in (browser_site / "search" / "shards").glob("*.json")} - {"terms.json"}
    assert 0 < len(shards) <= 4  # the worker's PREFETCH
    requested: set[str] = set()
    site_page.on("request", lambda request: requested.add(request.url.rsplit("/", 1)[-1]))
    site_page.goto(site_url)
    for _ in range(100):  # no query typed: the worker fetches them as it starts
        if shards <= requested:
            break
        site_page.wait_for_timeout(100)
    assert shards <= requested
