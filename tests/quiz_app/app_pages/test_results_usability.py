"""Results and assessment usability (issue 15, items 6 and 8) through the entry point:
downloads first, short chart labels with full titles on hover, a next-section button and a
time estimate, the job role's staff sections, "x of y correct" with every explanation, and
a note when the question bank changed since."""

from __future__ import annotations

from sqlalchemy import update
from store_support import PASSWORD, open_page
from support import ROOT

from quiz_app import accounts, people, self_assessment
from quiz_app.authz import Actor, Role
from quiz_app.config import get_settings
from quiz_app.core.question_bank import asked_questions, time_estimate
from quiz_app.store import assessment_answers, assessments, transaction
from quiz_app.ui import assessment_view

PAGES = ROOT / "quiz_app" / "app_pages"
ASSESSMENT, RESULTS = (str(PAGES / f"{name}.py") for name in ("assessment", "results"))


def _types(block) -> list[str]:
    """Element types of a page in the order a reader meets them."""
    found = []
    for child in getattr(block, "children", {}).values():
        found.append(getattr(child, "type", ""))
        found += _types(child)
    return found


def _submit_management(s, kb) -> None:
    questions = asked_questions(kb, "management")
    self_assessment.submit(s.engine, s.manager, kb, "management", {questions[0].id: 1})


def test_results_put_the_downloads_above_the_score(app_store, kb):
    _submit_management(app_store, kb)
    at = open_page(app_store.manager.account_id, RESULTS)
    order = _types(at.main)
    assert order.index("download_button") < order.index("metric")


def test_the_chart_shows_short_labels_whole_and_full_titles_on_hover(app_store, kb):
    _submit_management(app_store, kb)
    at = open_page(app_store.manager.account_id, RESULTS)
    assert at.get("arrow_vega_lite_chart") or at.get("vega_lite_chart")
    rows = [
        {
            "Area": "(d) Supply chain security",
            "Title": "Art. 21(2)(d) Supply chain security, including ...",
            "Score (%)": 40.0,
            "Link": "https://x/",
        }
    ]
    spec = assessment_view.area_chart(rows).to_dict()
    assert spec["encoding"]["y"]["axis"]["labelLimit"] == 0  # never cut off
    assert spec["encoding"]["y"]["field"] == "Area"
    assert {t["field"] for t in spec["encoding"]["tooltip"]} >= {"Title"}
    assert spec["width"] == "container"  # follows the screen, 1280 px or a phone


def test_assessment_shows_a_time_estimate_and_a_next_section_button(app_store, kb):
    at = open_page(app_store.manager.account_id, ASSESSMENT)
    questions = asked_questions(kb, "management")
    estimate = f"{len(questions)} questions, about {time_estimate(questions)} minutes."
    assert estimate in [c.value for c in at.caption]
    sections = list(dict.fromkeys(q.section for q in questions))
    assert at.radio(key="assessment_section_management").value == sections[0]
    at.button(key="assessment_next_section").click().run()
    assert at.radio(key="assessment_section_management").value == sections[1]
    assert at.subheader[0].value == sections[1]


def _clerk(s) -> Actor:
    person_id = people.create_person(
        s.engine, s.admin, external_id="E-77", name="Fin Clerk", job_role="Accountant"
    )
    account_id = accounts.create_account(
        s.engine, s.admin, username="clerk", role=Role.STAFF, password=PASSWORD, person_id=person_id
    )
    return Actor(account_id, Role.STAFF, person_id)


def test_a_finance_clerk_is_not_asked_about_the_aws_console(app_store, kb):
    clerk = _clerk(app_store)
    at = open_page(clerk.account_id, ASSESSMENT)
    sections = at.radio(key="assessment_section_staff").options
    assert "Cloud console hygiene" not in sections
    assert "Phishing and social engineering" in sections
    assert any("The sections fit your job role." in c.value for c in at.caption)


def test_the_knowledge_check_shows_x_of_y_correct_and_every_explanation(app_store, kb):
    clerk = _clerk(app_store)
    asked = self_assessment.asked_for(app_store.engine, clerk, kb, "staff")
    right = {q.id: next(i for i, o in enumerate(q.options) if o.correct) for q in asked[:3]}
    self_assessment.submit(app_store.engine, clerk, kb, "staff", right)
    at = open_page(clerk.account_id, RESULTS)
    assert at.metric[1].value == f"3 of {len(asked)} correct"
    assert "Maturity" not in [m.label for m in at.metric]
    [every] = [e for e in at.expander if e.label == "Every question with its explanation"]
    assert len(every.markdown) == len(asked)
    assert every.markdown[0].value.startswith(":green[Correct]")


def test_a_knowledge_check_is_introduced_as_a_personal_report(app_store, kb):
    clerk = _clerk(app_store)
    asked = self_assessment.asked_for(app_store.engine, clerk, kb, "staff")
    self_assessment.submit(app_store.engine, clerk, kb, "staff", {asked[0].id: 0})
    at = open_page(clerk.account_id, RESULTS)
    captions = " ".join(c.value for c in at.caption)
    assert "Your personal knowledge check report:" in captions
    assert "board minutes" not in captions and "sign-off" not in captions
    _submit_management(app_store, kb)
    manager = open_page(app_store.manager.account_id, RESULTS)
    assert any(c.value.startswith("The report for the board minutes:") for c in manager.caption)


def test_results_warn_while_the_reports_links_point_at_the_local_site(app_store, kb, monkeypatch):
    _submit_management(app_store, kb)
    at = open_page(app_store.manager.account_id, RESULTS)
    [note] = [w.value.replace("\\", "") for w in at.warning]  # Markdown-escaped, shown as is
    assert "point at http://127.0.0.1:8000/, a site on this computer only" in note
    assert "set NIS2_SITE_URL to the site's public address" in note
    monkeypatch.setenv("NIS2_SITE_URL", "https://kb.example.org/")
    get_settings.cache_clear()  # as a restart with the public address would
    assert not open_page(app_store.manager.account_id, RESULTS).warning


def test_results_of_an_older_question_bank_say_so(app_store, kb, monkeypatch):
    monkeypatch.setenv("NIS2_SITE_URL", "https://kb.example.org/")
    _submit_management(app_store, kb)
    at = open_page(app_store.manager.account_id, RESULTS)
    assert not at.warning
    with transaction(app_store.engine) as conn:
        conn.execute(update(assessments).values(data_version="older-bank"))
    at = open_page(app_store.manager.account_id, RESULTS)
    [note] = [w.value for w in at.warning]
    assert note.startswith("The question bank has changed since this assessment:")
    assert "question(s) asked today have no answer here" in note


def test_results_name_a_question_reworded_since_it_was_answered(app_store, kb, monkeypatch):
    monkeypatch.setenv("NIS2_SITE_URL", "https://kb.example.org/")
    _submit_management(app_store, kb)
    first = next(q for q in kb.questions if q.track == "management")
    with transaction(app_store.engine) as conn:  # as if answered before its rewording
        conn.execute(update(assessments).values(data_version="older-bank"))
        conn.execute(
            update(assessment_answers)
            .where(assessment_answers.c.question_id == first.id)
            .values(question_version="0123456789ab")
        )
    at = open_page(app_store.manager.account_id, RESULTS)
    [note] = [w.value.replace("\\", "") for w in at.warning]
    reworded = [line for line in note.splitlines() if "Reworded since you answered" in line]
    assert len(reworded) == 1 and " ".join(first.text.split())[:40] in reworded[0]
