"""The HTML report in a real browser: headless Chromium driven by Playwright.

Chromium comes from Debian (``apt-get install chromium``); Playwright's own browser
download is not used. The ``browser`` fixture (``browser_support.py``) tries to
install Chromium when it is missing and skips, with the reason, only when that is
impossible.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from drift.pipeline import CheckResult
from drift.report.html_report import render_html
from drift.values import (
    AlignedPair,
    Comparison,
    Document,
    Finding,
    FindingType,
    PairStatus,
    Sentence,
    Severity,
)

SCRIPT = "<script>window.__pwned=1</script>"
IMG = '<img src=x onerror="window.__pwned=1">'
LINK = '<a href="javascript:window.__pwned=1">click me</a>'


def make_doc(doc_id: str, sentences: list[str]) -> Document:
    head = "Headline\n\n"
    sents, pos = [], len(head)
    for i, text in enumerate(sentences):
        sents.append(Sentence(i, pos, pos + len(text), text))
        pos += len(text) + 1
    return Document(doc_id, f"in/{doc_id}.txt", "ab" * 32, head + " ".join(sentences), tuple(sents))


def find(doc: Document, text: str) -> Any:
    start = doc.text.index(text)
    return doc.span(start, start + len(text))


FILLER = [f"Filler sentence number {i} keeps the page long enough to scroll." for i in range(60)]


@pytest.fixture(scope="module")
def report_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = make_doc(
        "source",
        [
            "Aron Lund will lead the inquiry, officials said.",
            f"The mayor may resign {SCRIPT} soon.",
            *FILLER,
            f"The budget is $5 million {LINK} this year.",
        ],
    )
    copy = make_doc(
        "copy",
        [
            "Aaron Rand will lead the inquiry, officials said.",
            f"The mayor will resign {IMG} soon.",
            *FILLER,
            f"The budget is $50 million {LINK} this year.",
        ],
    )
    n = len(FILLER)
    pairs = [
        AlignedPair(
            (0,),
            (0,),
            0.8,
            PairStatus.DRIFT,
            (
                Finding(
                    FindingType.ENTITY,
                    Severity.CRITICAL,
                    find(source, "Aron Lund"),
                    find(copy, "Aaron Rand"),
                    f"name changed {SCRIPT}",
                ),
            ),
        ),
        AlignedPair(
            (1,),
            (1,),
            0.7,
            PairStatus.DRIFT,
            (
                Finding(
                    FindingType.MODALITY,
                    Severity.MAJOR,
                    find(source, "may resign"),
                    find(copy, "will resign"),
                    "a possibility became a certainty",
                ),
                Finding(
                    FindingType.QUOTE, Severity.MINOR, find(source, SCRIPT), find(copy, IMG), f"hostile {IMG}"
                ),
            ),
        ),
        *(AlignedPair((i,), (i,), 1.0, PairStatus.IDENTICAL) for i in range(2, n + 2)),
        AlignedPair(
            (n + 2,),
            (n + 2,),
            0.9,
            PairStatus.DRIFT,
            (
                Finding(
                    FindingType.NUMBER,
                    Severity.CRITICAL,
                    find(source, "$5 million"),
                    find(copy, "$50 million"),
                    "the amount grew tenfold",
                ),
            ),
        ),
    ]
    comp = Comparison("source", "copy", tuple(pairs), (), ())
    result = CheckResult((source, copy), (comp,), "drift test", Severity.MAJOR)
    path = tmp_path_factory.mktemp("html") / "report.html"
    path.write_text(render_html(result), encoding="utf-8")
    return path


@pytest.fixture
def page(browser: Any, report_file: Path) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    pg = context.new_page()
    pg.goto(report_file.as_uri())
    yield pg
    context.close()


def visible_items(page: Any) -> list[str]:
    items = page.locator("[data-finding-item]")
    return [
        f"{items.nth(i).get_attribute('data-severity')}:{items.nth(i).get_attribute('data-type')}"
        for i in range(items.count())
        if items.nth(i).is_visible()
    ]


def test_page_renders_title_and_counts(page: Any) -> None:
    assert page.title() == "drift: copy vs source"
    header = page.locator("header").inner_text()
    assert "4 findings" in header
    assert "FAIL" in header
    chips = page.locator("ul.chips").first.inner_text().split()
    assert chips == ["critical", "2", "major", "1", "minor", "1"]
    assert page.locator("[data-finding-item]").count() == 4


def test_filters_hide_unchecked_severity_and_type(page: Any) -> None:
    assert sorted(visible_items(page)) == [
        "critical:entity",
        "critical:number",
        "major:modality",
        "minor:quote",
    ]
    page.locator('input[data-filter="severity"][value="minor"]').uncheck()
    assert sorted(visible_items(page)) == ["critical:entity", "critical:number", "major:modality"]
    assert "off" in (page.locator('mark[data-type="quote"]').first.get_attribute("class") or "")
    page.locator('input[data-filter="type"][value="entity"]').uncheck()
    assert sorted(visible_items(page)) == ["critical:number", "major:modality"]
    page.locator('input[data-filter="severity"][value="minor"]').check()
    assert sorted(visible_items(page)) == ["critical:number", "major:modality", "minor:quote"]
    page.locator("#only-findings").check()
    assert not page.locator("tr[data-row]").nth(5).is_visible()  # an identical filler row


def test_clicking_a_finding_scrolls_to_its_mark(page: Any) -> None:
    link = page.locator('[data-finding-item][data-type="number"] a')
    target = (link.get_attribute("href") or "")[1:]
    assert target
    mark = page.locator(f'[id="{target}"]')
    assert not mark.is_visible() or mark.bounding_box()["y"] > 800  # below the fold at first
    link.click()
    page.wait_for_function("() => window.scrollY > 0")
    assert page.evaluate("() => location.hash") == f"#{target}"
    box = mark.bounding_box()
    assert box is not None and 0 <= box["y"] < 800
    assert "$50 million" in mark.inner_text() or "$5 million" in mark.inner_text()


def test_hostile_article_text_is_inert(page: Any) -> None:
    page.wait_for_timeout(200)
    assert page.evaluate("() => typeof window.__pwned") == "undefined"
    body = page.locator("body").inner_text()
    assert SCRIPT in body and IMG in body and LINK in body  # shown as text
    assert page.locator("img").count() == 0
    assert page.locator('a[href^="javascript:"]').count() == 0
    assert page.locator("script").count() == 1  # the report's own filter script
    page.locator("text=click me").first.click()
    assert page.evaluate("() => typeof window.__pwned") == "undefined"


def test_csp_forbids_outside_loads(page: Any) -> None:
    csp = page.locator('meta[http-equiv="Content-Security-Policy"]').get_attribute("content") or ""
    assert "default-src 'none'" in csp
    blocked = page.evaluate(
        """() => new Promise((resolve) => {
            document.addEventListener("securitypolicyviolation", (e) => resolve(e.blockedURI));
            const img = document.createElement("img");
            img.src = "https://example.invalid/pixel.png";
            document.body.appendChild(img);
            setTimeout(() => resolve(null), 3000);
        })"""
    )
    assert blocked == "https://example.invalid/pixel.png"


def test_screenshot(page: Any, tmp_path: Path) -> None:
    shot = tmp_path / "report.png"
    page.screenshot(path=str(shot), full_page=False)
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000
