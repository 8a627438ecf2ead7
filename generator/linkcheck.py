"""Check every internal link and anchor of a built site (HTML files on disk)."""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


@dataclass(frozen=True)
class BrokenLink:
    page: str
    href: str
    reason: str

    def __str__(self) -> str:
        return f"{self.page}: {self.href}: {self.reason}"


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.add(str(found["id"]))
        if tag == "a" and found.get("name"):
            self.ids.add(str(found["name"]))
        for attr in ("href", "src"):
            value = found.get(attr)
            if value and not (tag == "link" and found.get("rel") in ("canonical", "alternate")):
                self.links.append(value)


def _parse(path: Path) -> _Collector:
    collector = _Collector()
    collector.feed(path.read_text(encoding="utf-8", errors="replace"))
    return collector


def _target(site: Path, page: Path, path: str) -> Path | None:
    base = site if path.startswith("/") else page.parent
    candidate = (base / unquote(path).lstrip("/")).resolve()
    if candidate.is_dir():
        candidate = candidate / "index.html"
    try:
        candidate.relative_to(site.resolve())
    except ValueError:
        return None
    return candidate


def broken_links(site: Path) -> list[BrokenLink]:
    """Every internal link or anchor in ``site`` that leads nowhere.

    Links to other hosts (http:, https:, mailto:) are not followed.
    """
    site = Path(site)
    parsed: dict[Path, _Collector] = {}

    def get(path: Path) -> _Collector:
        if path not in parsed:
            parsed[path] = _parse(path)
        return parsed[path]

    problems = []
    for page in sorted(site.rglob("*.html")):
        rel = str(page.relative_to(site))
        for href in get(page).links:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or href.startswith(("mailto:", "javascript:", "data:")):
                continue
            target = _target(site, page, parts.path) if parts.path else page
            if target is None or not target.exists():
                problems.append(BrokenLink(rel, href, "no such page or file"))
                continue
            fragment = unquote(parts.fragment)
            if fragment and target.suffix == ".html" and fragment not in get(target).ids:
                problems.append(BrokenLink(rel, href, f"no anchor '{parts.fragment}'"))
    return problems


def page_urls(site: Path) -> set[str]:
    """The URL path of every HTML page of ``site`` (``measures/21-2-b/``, ``404.html``)."""
    site = Path(site)
    urls = set()
    for page in site.rglob("*.html"):
        rel = page.relative_to(site).as_posix()
        urls.add(rel.removesuffix("index.html") if page.name == "index.html" else rel)
    return urls
