"""Links into the site named in the reader's language (AppTest from the entry point): a German
reader's reading list, quiz feedback and results name the site's pages as the German site does
("Art. 21 Abs. 2 Buchst. b: ...", "Fristen für die Meldung ..."), over the same links."""

from __future__ import annotations

from datetime import date, timedelta

from store_support import open_page
from support import ROOT

from kb.i18n import localise
from quiz_app import preferences, self_assessment, training

PAGES = ROOT / "quiz_app" / "app_pages"
MY_TRAINING, RESULTS = (str(PAGES / f"{n}.py") for n in ("my_training", "results"))
ENGLISH_FORMS = ("Art. 21(2)(", "Incident reporting timeline", "Who is in scope")


def _texts(at) -> str:
    parts = [e.value for kind in (at.markdown, at.caption, at.warning) for e in kind]
    parts += [e.label for e in at.expander]
    parts += [str(v) for d in at.dataframe for v in d.value.to_numpy().ravel()]
    return "\n".join(parts)


def test_a_german_learner_reads_the_reading_list_and_feedback_in_german(app_store, kb):
    s = app_store
    module = training.module_by_id(kb, "incident-reporting")
    training.assign(
        s.engine,
        s.trainer,
        module,
        training.AssignTarget("person", "P-staff"),
        due_on=date.today() + timedelta(days=30),
    )
    preferences.set_language(s.engine, s.staff, "de")
    at = open_page(s.staff.account_id, MY_TRAINING, module="incident-reporting")
    assert not at.exception
    assert [t.value for t in at.title] == ["Meine Schulungen"]
    reading = next(m.value for m in at.markdown if m.value.startswith("- ["))
    assert reading.splitlines() == [
        "- [Art. 23: Berichtspflichten](http://127.0.0.1:8000/de/articles/23/)",
        "- [Fristen für die Meldung von Sicherheitsvorfällen](http://127.0.0.1:8000/de/reporting/)",
        "- [Art. 21 Abs. 2 Buchst. b: Bewältigung von Sicherheitsvorfällen]"
        "(http://127.0.0.1:8000/de/measures/21-2-b/)",
        f"- [Art. 21 Abs. 2 Buchst. j: {localise(kb, 'de').measure('21-2-j').title}]"
        "(http://127.0.0.1:8000/de/measures/21-2-j/)",
    ]

    questions = {q.id: q for q in kb.questions}
    for qid in module.quiz:  # every answer wrong: each names its page to read again
        wrong = next(i for i, o in enumerate(questions[qid].options) if not o.correct)
        at.radio(key=f"training_q_{qid}").set_value(wrong)
    at.button(key="training_submit").click().run()
    assert not at.exception
    feedback = [m.value for m in at.markdown if "Zum Nachlesen: [" in m.value]
    assert len(feedback) == len(module.quiz)
    shown = _texts(at)
    assert [form for form in ENGLISH_FORMS if form in shown] == []


def test_a_german_results_page_names_the_site_pages_in_german(app_store, kb):
    s = app_store
    preferences.set_language(s.engine, s.manager, "de")
    questions = self_assessment.questions_for(kb, "management")
    self_assessment.submit(s.engine, s.manager, kb, "management", {q.id: 1 for q in questions})

    at = open_page(s.manager.account_id, RESULTS, timeout=30)
    assert not at.exception
    assert [t.value for t in at.title] == ["Ergebnisse"]
    articles = next(d.value for d in at.dataframe if d.value.columns[0] == "Artikel")
    assert "Art. 23: Berichtspflichten" in set(articles["Artikel"])
    shown = _texts(at)
    assert "Was hilft: Art. 21 Abs. 2 Buchst. b: Bewältigung von Sicherheitsvorfällen" in shown
    assert "[Art. 21 Abs. 2 Buchst. b: Bewältigung von Sicherheitsvorfällen](" in shown
    assert [form for form in ENGLISH_FORMS if form in shown] == []
