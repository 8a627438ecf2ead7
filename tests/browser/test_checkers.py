"""The checkers the browser tests rely on, fed pages that must fail: each must report it.

A checker that never fails proves nothing; these tests keep a broken link, a console error,
a serious accessibility violation and a page reachable by the wrong role from passing.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from browser_support import (
    AxeExclusion,
    PageProblems,
    crawl_site,
    reachable_forbidden_pages,
    run_axe,
    serve_directory,
    wrongly_granted,
)

from quiz_app.authz import Action, Role
from quiz_app.ui import navigation

pytestmark = pytest.mark.browser

PAGES = {
    "index.html": '<h1 id="top">Home</h1><a href="ok/">ok</a> <a href="ok/#there">anchor</a>',
    "ok/index.html": '<h1 id="there">OK</h1><a href="../missing/">gone</a>'
    ' <a href="../#nowhere">bad anchor</a> <a href="../throws.html">throws</a>',
    "throws.html": "<h1>Throws</h1><script>console.error('broken widget');"
    " setTimeout(() => { throw new Error('boom'); }, 0);</script>"
    '<img src="no-such.png" alt="missing picture">',
    "inaccessible.html": '<html lang="en"><title>t</title><main><h1>Form</h1>'
    '<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">'
    "<button></button></main></html>",
}


@pytest.fixture(scope="module")
def bad_site(tmp_path_factory: pytest.TempPathFactory):
    root = tmp_path_factory.mktemp("bad-site")
    for name, html in PAGES.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(html)
    with serve_directory(Path(root)) as url:
        yield url


def test_the_link_crawler_reports_a_broken_link_and_a_missing_anchor(bad_site: str) -> None:
    report = crawl_site(bad_site)
    assert f"{bad_site}ok/" in report.pages
    assert sorted(report.broken) == [
        f"{bad_site}#nowhere (linked from {bad_site}ok/): no such anchor",
        f"{bad_site}missing/ (linked from {bad_site}ok/): HTTP 404",
        f"{bad_site}no-such.png (linked from {bad_site}throws.html): HTTP 404",
    ]


def test_the_problem_collector_reports_console_errors_exceptions_and_404s(
    page, bad_site: str
) -> None:
    problems = PageProblems(page)
    page.goto(bad_site + "throws.html")
    page.wait_for_timeout(300)
    joined = "\n".join(problems.take())
    assert "console: broken widget" in joined
    assert "uncaught: boom" in joined
    assert f"HTTP 404: {bad_site}no-such.png" in joined
    page.goto(bad_site)
    assert problems.take() == []


def test_axe_reports_serious_violations_and_honours_only_exact_exclusions(
    page, axe, bad_site: str
) -> None:
    page.goto(bad_site + "inaccessible.html")
    found = run_axe(page)
    assert any(" image-alt (critical)" in line for line in found), found
    assert any(" button-name (critical)" in line for line in found), found
    narrower = run_axe(page, [AxeExclusion("image-alt", "img", "test")])
    assert not any("image-alt" in line for line in narrower)
    assert any("button-name" in line for line in narrower)
    wrong_selector = run_axe(page, [AxeExclusion("button-name", ".not-this-one", "test")])
    assert any("button-name" in line for line in wrong_selector)


def test_the_role_check_reports_a_page_the_wrong_role_reaches(page) -> None:
    """A fake app whose trainer page forgot its guard: the browser check must catch it."""
    bodies = {
        "trainer": "<h1>Trainer dashboard</h1><p>Completion by department</p>",
        "people": "<h1>People</h1><div role=alert>Not allowed: staff may not manage_people.</div>",
        "accounts": "<h1>Home</h1>",  # the app ran its default page instead
    }

    def fulfil(route) -> None:
        path = route.request.url.split("/", 3)[3]
        route.fulfill(status=200, content_type="text/html", body=bodies.get(path, "<h1>Home</h1>"))

    page.route("http://app.invalid/**", fulfil)

    def enter_url(url_path: str) -> None:
        target = "" if url_path == "accounts" else url_path  # redirected to the default page
        page.goto(f"http://app.invalid/{target}")

    checked = ["trainer", "people", "accounts"]
    assert reachable_forbidden_pages(page, checked, enter_url, settle_ms=1_000) == ["trainer"]


def test_the_role_check_reports_a_page_list_that_wrongly_grants_access() -> None:
    trainer_page = navigation.PageSpec(
        "app_pages/trainer.py", "Trainer", ":material/school:", Action.VIEW_HOME, "trainer"
    )
    wrong = [*navigation.PAGES, trainer_page]
    assert wrongly_granted(wrong, Role.STAFF, {"trainer", "people", "accounts"}) == ["trainer"]
    fixed = [dataclasses.replace(trainer_page, action=Action.VIEW_COMPLETIONS)]
    assert wrongly_granted([*navigation.PAGES, *fixed], Role.STAFF, {"trainer"}) == []
