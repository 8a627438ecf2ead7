"""The remediation, targets, approvals, scope checker, results and history pages for a reader
whose account is set to German (AppTest from the entry point): titles, labels, column names and
the English words a table shows are German; the data rows (titles, names, scores) are not
touched, and stored values stay what they were."""

from __future__ import annotations

from datetime import date

from governance_support import add_board
from store_support import open_page
from support import ROOT

from quiz_app import preferences, self_assessment
from quiz_app.governance import approvals
from quiz_app.remediation import actions

PAGES = ROOT / "quiz_app" / "app_pages"
PLAN, TARGETS, APPROVALS, SCOPE, RESULTS, HISTORY = (
    str(PAGES / f"{n}.py")
    for n in ("remediation_plan", "targets", "approvals", "scope_checker", "results", "history")
)


def _german(s, actor) -> None:
    preferences.set_language(s.engine, actor, "de")


def _texts(at) -> str:
    return "\n".join(
        e.value
        for kind in (at.markdown, at.caption, at.info, at.success, at.warning, at.subheader)
        for e in kind
    )


def test_the_plan_targets_and_approvals_read_in_german(app_store):
    s = app_store
    board = add_board(s)
    _german(s, s.manager)
    late = actions.create_action(
        s.engine,
        s.manager,
        title="Runbook for incidents",
        owner_person_id=s.staff.person_id,
        due_on=date(2020, 3, 1),
        measure_id="21-2-b",
    )

    at = open_page(s.manager.account_id, PLAN, timeout=30)
    assert [t.value for t in at.title] == ["Maßnahmenplan"]
    assert at.selectbox(key="plan_measure").label == "Maßnahme nach Art. 21"
    assert at.selectbox(key="plan_owner").label == "Verantwortlich"
    assert at.multiselect(key="plan_status").label == "Status"
    table = at.dataframe[0].value
    assert list(table.columns) == [
        "#",
        "Aufgabe",
        "Maßnahme nach Art. 21",
        "Verantwortlich",
        "Fällig am",
        "Status",
        "Überfällig",
        "Nachweise",
    ]
    row = table.iloc[0].to_dict()
    assert (row["#"], row["Aufgabe"], row["Verantwortlich"]) == (
        late,
        "Runbook for incidents",
        "Sam Staff",
    )
    assert (row["Fällig am"], row["Status"], row["Überfällig"]) == ("01.03.2020", "offen", "ja")
    assert [h.value for h in at.subheader][:3] == [f"Aufgabe #{late}", "Kommentare", "Nachweise"]
    assert "überfällig" in _texts(at) and "verantwortlich" in _texts(at)

    at.selectbox(key=f"action_status_{late}").set_value("in_progress")
    at.button(key=f"action_save_status_{late}").click().run()
    assert not at.exception
    assert [m.value for m in at.success] == [
        f"Aufgabe #{late} hat jetzt den Status „in Bearbeitung“."
    ]
    assert actions.get_action(s.engine, s.manager, late).status == "in_progress"  # stored

    at.switch_page(TARGETS).run()
    assert not at.exception
    assert [t.value for t in at.title] == ["Zielniveaus"]
    assert at.selectbox(key="target_21-2-b").value == "defined"  # the stored level
    assert "festgelegt" in at.selectbox(key="target_21-2-b").options
    assert at.button(key="targets_save").label == "Ziele speichern"

    approvals.record_approval(
        s.engine,
        s.manager,
        subject="remediation_plan",
        approved_on=date(2026, 11, 20),
        meeting_reference="Board minutes 2026/11",
        member_ids=[board[0].person_id],
        today=date(2026, 11, 30),
    )
    at.switch_page(APPROVALS).run()
    assert not at.exception
    assert [t.value for t in at.title] == ["Billigungen durch das Leitungsorgan"]
    assert at.radio(key="approval_subject").label == "Das Leitungsorgan hat gebilligt"
    history = at.dataframe[0].value
    assert list(history.columns) == [
        "#",
        "Gebilligt am",
        "Gegenstand",
        "Sitzung",
        "Anwesende Mitglieder",
        "Korrigiert",
        "Notiz",
        "Erfasst",
    ]
    assert history.loc[0, "Gebilligt am"] == "20.11.2026"
    assert history.loc[0, "Gegenstand"] == "den Maßnahmenplan"
    assert history.loc[0, "Sitzung"] == "Board minutes 2026/11"  # typed data stays as typed
    training = at.dataframe[-1].value
    assert training.columns[0] == "Mitglied"
    assert all(c.endswith(" gültig bis") for c in training.columns[1:])
    assert "nicht gültig bestanden" in training.to_string()


def test_the_scope_checker_reads_in_german(app_store):
    s = app_store
    _german(s, s.admin)
    at = open_page(s.admin.account_id, SCOPE, timeout=30)
    assert [t.value for t in at.title] == ["Anwendungsbereich prüfen"]
    search = at.text_input(key="scope_search")
    assert search.label == "Geschäftsfeld Ihrer Organisation suchen"
    assert search.placeholder.startswith("z. B. ")
    at.selectbox(key="scope_subsector").select("healthcare-providers")
    at.number_input(key="scope_employees").set_value(60)
    at.number_input(key="scope_turnover_m").set_value(8.0)
    at.number_input(key="scope_balance_m").set_value(6.0).run()
    assert not at.exception and not at.error
    assert [m.value for m in at.success] == [
        "Im Anwendungsbereich als **wichtige Einrichtung** (Größe: mittleres Unternehmen)."
    ]
    texts = _texts(at)
    assert "**Höchstbetrag der Geldbuße" in texts
    assert "[Art. 33](" in texts
    assert "Organisationsprofil" in [h.value for h in at.subheader]
    assert at.button(key="scope_save_profile").label == (
        "Dieses Ergebnis im Organisationsprofil speichern"
    )


def test_results_and_history_read_in_german(app_store, kb):
    s = app_store
    _german(s, s.manager)
    questions = self_assessment.questions_for(kb, "management")
    choices = {q.id: 1 for q in questions}  # below the default target everywhere
    self_assessment.submit(s.engine, s.manager, kb, "management", choices)
    actions.create_action(
        s.engine,
        s.manager,
        title="Close the first gap",
        owner_person_id=s.staff.person_id,
        due_on=date(2030, 1, 31),
        assessment_id=self_assessment.submitted_assessments(s.engine, s.manager)[0].id,
        question_id=questions[0].id,
    )

    at = open_page(s.manager.account_id, RESULTS, timeout=30)
    assert [t.value for t in at.title] == ["Ergebnisse"]
    assert "the organisation, the answers chosen" not in _texts(at)
    targets_table = at.dataframe[-1].value
    assert list(targets_table.columns) == ["Maßnahme", "Ergebnis", "Ziel", "Erreicht"]
    assert set(targets_table["Ziel"]) == {"festgelegt"}
    assert any(
        m.value.startswith("**#1 Close the first gap** · verantwortlich") for m in at.markdown
    )
    assert [e.label for e in at.expander][0] == "Aufgabe für diese Lücke anlegen"

    at.switch_page(HISTORY).run()
    assert not at.exception
    assert [t.value for t in at.title] == ["Verlauf"]
    table = at.dataframe[0].value
    assert list(table.columns) == [
        "Abgegeben (UTC)",
        "Bereich",
        "Ergebnis (%)",
        "Veränderung (Punkte)",
        "Reifegrad",
    ]
