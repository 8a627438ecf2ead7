"""5. App: AppTest run time of the assessment page and the trainer dashboard, 100,000 records."""

from __future__ import annotations

from typing import Any

from bench import apprun, completions
from bench.measure import Figure, Section, against, median, probe, spread
from bench.sections.store import training_store
from bench.settings import Settings

TITLE = "5. App pages (AppTest)"
# A page run: at most 50 times an empty page's run in the same harness. The target was 1 s,
# set on a machine where an empty page's run took about 20 ms: the same bar as a ratio.
PAGE_RATIO = 50.0
ACCOUNTS = {"assessment": completions.STAFF, "trainer dashboard": completions.TRAINER}


def run(settings: Settings, context: dict[str, Any]) -> Section:
    section = Section(TITLE)
    missing = completions.available()
    if missing:
        section.notes.append(f"Not measured: {missing}.")
        return section
    seeded = training_store(settings, context, "sqlite")
    section.notes.append(
        "Each run opens a fresh AppTest session from the entry point (`quiz_app/app.py`), "
        "logs the account in, and times `switch_page(page).run()`: one full script run of "
        f"the page against the SQLite store with {seeded['records']:,} completion records. "
        "The first run in the process (imports, cached knowledge base and engine) is noted "
        "apart; the median is over the runs after it. Baseline: an empty page's run in the "
        "same harness (an entry point whose `st.navigation` pages draw nothing, run the "
        "same way), measured in the same run: what Streamlit itself costs per page run."
    )
    empty = probe("empty_page", runs=max(settings.app_runs, 3))
    baseline = median(empty["runs"])
    section.add(
        Figure(
            "empty page run (baseline)",
            baseline,
            "s",
            len(empty["runs"]),
            spread(empty["runs"]),
            note=f"first run {empty['cold']:.2f} s",
        )
    )
    absent = apprun.missing_pages()
    for page, username in ACCOUNTS.items():
        if page in absent:
            section.notes.append(f"{page}: not measured: page not available yet.")
            continue
        account = seeded["accounts"][username]["account_id"]
        result = probe(
            "apptest", url=seeded["url"], page=page, account_id=account, runs=settings.app_runs
        )
        figure = section.add(
            Figure(
                f"{page} page run",
                median(result["runs"]),
                "s",
                len(result["runs"]),
                spread(result["runs"]),
                note=f"first run {result['cold']:.2f} s"
                + (f"; page problems: {result['problems']}" if result["problems"] else ""),
            )
        )
        against(figure, baseline, "empty page, same harness", PAGE_RATIO)
    return section
