"""Hostile text in data/ never runs in the browser, and shows as text where it is plain text.

The minimal data set gets a hostile payload in every text field (names, titles, headings,
details, glossary definitions, source titles, URLs, ...); the strict site built from it must
hold no executable content: no script but the theme's, no event handler, no javascript: or
data: address, no iframe; plain-text fields show the payload's characters as text.
"""

from __future__ import annotations

import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
import yaml
from support import MINIMAL, ROOT

from kb.load import load

pytestmark = pytest.mark.slow

# Keys whose values are ids, enums or references: kept valid, or nothing would load.
STRUCTURAL = {
    "id", "service", "category", "model", "letter", "track", "kind", "audience", "from_event",
    "classification", "annex", "version", "page", "measures", "tags", "reading", "quiz",
    "evidence_services", "related_articles",
}  # fmt: skip
PAYLOAD = (
    '"q" <script>alert("s")</script> <img src=x onerror=alert(1)> [c](javascript:alert(2)) '
    '![i](data:text/html;base64,PHNjcmlwdD4=) <iframe src="https://evil.example/"></iframe> '
    '<a href="javascript:alert(3)" onclick="alert(4)">a</a> *[MFA]: evil { onclick="alert(5)" }'
)
SHORT = '"q" <script>alert(6)</script> <b onmouseover=alert(7)>b</b> { onclick="alert(8)" }'
HOSTILE_URL = 'https://evil.example/a)b"><script>alert(9)</script>?x=javascript:alert(10)'


def _hostile(value: Any, key: str = "") -> Any:
    if isinstance(value, dict):
        return {k: _hostile(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_hostile(v, key) for v in value]
    if not isinstance(value, str) or key in STRUCTURAL or key == "ref":
        return value
    if key in ("url", "source"):
        return HOSTILE_URL
    if key == "short_title":  # at most 32 characters
        return "<i onclick=alert(12)>s</i>"
    short = key in ("definition", "description")  # at most 300 characters
    return f"{value} {SHORT if short else PAYLOAD}"


def _hostile_data(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    data.mkdir()
    for source in MINIMAL.glob("*.yaml"):
        document = _hostile(yaml.safe_load(source.read_text(encoding="utf-8")))
        if source.name == "articles.yaml":  # a paragraph reference ends up in an anchor id
            document["articles"][0]["paragraphs"][0]["ref"] = '21(1) } { onclick="alert(11)"'
        if source.name == "services.yaml":
            document["services"][0]["details"] = f"Some **details**.\n\n{PAYLOAD}"
        (data / source.name).write_text(yaml.safe_dump(document), encoding="utf-8")
    load(data)  # every hostile value is valid data
    return data


class _Executable(HTMLParser):
    """Every piece of a page that could run: script bodies, handlers, risky addresses."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("iframe", "object", "embed", "frame"):
            self.found.append(f"<{tag}>")
        self._in_script = tag == "script"
        if dict(attrs).get("data-md-component") == "search-share":
            return  # the theme's own share button (search.share): href="javascript:void(0)"
        for name, value in attrs:
            address = "".join((value or "").split()).lower()
            risky = address.startswith(("javascript:", "data:", "vbscript:"))
            if name.startswith("on") or (name in ("href", "src", "action") and risky):
                self.found.append(f"<{tag} {name}={value!r}>")

    def handle_endtag(self, tag: str) -> None:
        self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and "alert(" in data:
            self.found.append(f"<script>{data[:80]}")


def test_hostile_data_builds_a_strict_site_with_nothing_executable(tmp_path: Path) -> None:
    data = _hostile_data(tmp_path)
    out = tmp_path / "site"
    result = subprocess.run(
        [sys.executable, "-m", "generator", "site", "--data", str(data), "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    pages = sorted(out.rglob("*.html"))
    assert len(pages) > 15
    for page in pages:
        parser = _Executable()
        parser.feed(page.read_text(encoding="utf-8"))
        assert parser.found == [], page.relative_to(out)

    service = (out / "services/cloudtrail/index.html").read_text(encoding="utf-8")
    # The name is plain text: its characters are shown, none of it is markup.
    assert re.search(r'<h1 id="[^"]*">AWS CloudTrail "q" &lt;script&gt;alert\("s"\)', service)
    # The details are Markdown: still rendered, the script gone, the bad link left as text.
    assert "<strong>details</strong>" in service
    assert '<p>"q"   [c](javascript:alert(2)) ![i](data:text/html;base64,' in service
    glossary = (out / "glossary/index.html").read_text(encoding="utf-8")
    assert 'Everyday security habits. "q" &lt;script&gt;alert(6)&lt;/script&gt;' in glossary
