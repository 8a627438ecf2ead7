"""Evidence: links (http/https only), notes and checked files, downloads, GDPR erase."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from test_remediation_actions import new_action

from quiz_app import audit, gdpr
from quiz_app.config import get_settings
from quiz_app.errors import InvalidInput, PermissionDenied
from quiz_app.remediation import actions, evidence, plan

PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'


def office(part: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr(part, "<x/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "media_type"),
    [
        ("report.pdf", PDF, "application/pdf"),
        ("screen.PNG", PNG, "image/png"),
        ("photo.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * 16, "image/jpeg"),
        ("log.txt", "Backups checked by Łukasz.\n".encode(), "text/plain"),
        ("export.csv", b"system,owner\nvpn,it\n", "text/csv"),
        (
            "plan.xlsx",
            office("xl/workbook.xml"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        (
            "policy.docx",
            office("word/document.xml"),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
    ],
)
def test_accepted_types_are_recognised_by_content(name, content, media_type):
    assert evidence.check_file(name, content, max_bytes=1000)[1] == media_type


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("invoice.pdf", HTML, "the file's content is not that of a .pdf file"),
        ("notes.txt", HTML, "the file's content is not that of a .txt file"),
        ("chart.png", SVG, "the file's content is not that of a .png file"),
        ("data.csv", SVG, "the file's content is not that of a .csv file"),
        ("plan.xlsx", office("word/document.xml"), "not that of a .xlsx file"),
        ("page.html", HTML, "files of type 'html' are not accepted"),
        ("logo.svg", SVG, "files of type 'svg' are not accepted"),
        ("tool.exe", b"MZ\x90\x00", "files of type 'exe' are not accepted"),
        ("README", b"hello", "files of type '' are not accepted"),
        ("empty.pdf", b"", "the file is empty"),
    ],
)
def test_spoofed_or_unaccepted_files_are_refused(name, content, message):
    with pytest.raises(InvalidInput, match=message):
        evidence.check_file(name, content, max_bytes=1000)


def test_the_size_limit_comes_from_the_setting(sqlite_people_store, monkeypatch):
    s = sqlite_people_store
    action_id = new_action(s)
    assert get_settings().evidence_max_bytes == 10 * 1024 * 1024
    monkeypatch.setenv("NIS2_EVIDENCE_MAX_BYTES", "64")
    get_settings.cache_clear()
    big = PDF + b"x" * 64
    with pytest.raises(InvalidInput, match=r"at most 64 bytes \(NIS2_EVIDENCE_MAX_BYTES\)"):
        evidence.add_file(s.engine, s.staff, action_id, "big.pdf", big)
    evidence.add_file(s.engine, s.staff, action_id, "small.pdf", PDF)
    assert [e.size for e in evidence.list_evidence(s.engine, s.staff, action_id)] == [len(PDF)]


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "file:///etc/passwd",
        "ftp://example.org/x",
        "https://",
        "https://exa mple.org/",
        "",
    ],
)
def test_links_other_than_http_and_https_are_refused(sqlite_people_store, url):
    s = sqlite_people_store
    action_id = new_action(s)
    with pytest.raises(InvalidInput):
        evidence.add_link(s.engine, s.staff, action_id, url)
    assert evidence.list_evidence(s.engine, s.staff, action_id) == []


def test_evidence_is_kept_listed_counted_and_downloaded_under_a_safe_name(people_store):
    s = people_store
    action_id = new_action(s)
    evidence.add_link(s.engine, s.staff, action_id, "https://wiki.example.org/runbook", "Runbook")
    evidence.add_note(s.engine, s.manager, action_id, "Reviewed in the March meeting.")
    file_id = evidence.add_file(s.engine, s.staff, action_id, "../../Plan <final>.pdf", PDF)
    kept = evidence.list_evidence(s.engine, s.manager, action_id)
    assert [(e.kind, e.url, e.note, e.filename) for e in kept] == [
        ("link", "https://wiki.example.org/runbook", "Runbook", None),
        ("note", None, "Reviewed in the March meeting.", None),
        ("file", None, None, "Plan_final.pdf"),
    ]
    got = evidence.download(s.engine, s.staff, file_id)
    assert (got.filename, got.media_type, got.content) == ("Plan_final.pdf", "application/pdf", PDF)
    assert plan.evidence_counts(s.engine, s.manager, [action_id]) == {action_id: 3}
    added = [e for e in audit.list_entries(s.engine, s.admin) if e.action == "evidence_add"]
    assert sorted(e.detail["kind"] for e in added) == ["file", "link", "note"]


def test_staff_cannot_add_to_or_download_from_others_actions(sqlite_people_store):
    s = sqlite_people_store
    theirs = new_action(s, owner=s.trainer)
    file_id = evidence.add_file(s.engine, s.trainer, theirs, "a.pdf", PDF)
    for attempt in (
        lambda: evidence.add_note(s.engine, s.staff, theirs, "mine now"),
        lambda: evidence.add_file(s.engine, s.staff, theirs, "b.pdf", PDF),
        lambda: evidence.list_evidence(s.engine, s.staff, theirs),
        lambda: evidence.download(s.engine, s.staff, file_id),
    ):
        with pytest.raises(PermissionDenied):
            attempt()
    assert plan.evidence_counts(s.engine, s.staff, [theirs]) == {}


def test_the_gdpr_erase_blanks_comments_and_removes_evidence_the_person_added(
    sqlite_people_store,
):
    s = sqlite_people_store
    action_id = new_action(s, owner=s.staff)
    evidence.add_file(s.engine, s.staff, action_id, "scan.pdf", PDF)
    evidence.add_note(s.engine, s.manager, action_id, "Checked by the manager.")
    actions.add_comment(s.engine, s.staff, action_id, "My home number is 555-0100.")
    exported = gdpr.export_person(s.engine, s.admin, "P-staff")
    assert [r["title"] for r in exported["tables"]["remediation_actions"]] == [
        "Write the incident handling procedure"
    ]
    assert len(exported["tables"]["action_evidence"]) == 2
    assert "JVBERi0x" in json.dumps(exported)  # the file, base64 as in backups

    gdpr.erase_person(s.engine, s.admin, "P-staff")
    assert [c.body for c in actions.comments(s.engine, s.manager, action_id)] == ["(erased)"]
    kept = evidence.list_evidence(s.engine, s.manager, action_id)
    assert [e.note for e in kept] == ["Checked by the manager."]
    action = actions.get_action(s.engine, s.manager, action_id)
    assert action.owner_name.startswith("erased-")  # the work stays, on the pseudonym


@pytest.mark.parametrize("suffix", [".db", ".json"])
def test_evidence_files_travel_in_backups_and_come_back_byte_for_byte(
    sqlite_people_store, tmp_path, suffix
):
    from quiz_app.store import backup, restore

    s = sqlite_people_store
    action_id = new_action(s)
    file_id = evidence.add_file(s.engine, s.staff, action_id, "scan.png", PNG)
    backup.backup(s.engine, tmp_path / f"b{suffix}")
    actions.set_status(s.engine, s.manager, action_id, "done")  # a change the restore undoes
    restore.restore(s.engine, tmp_path / f"b{suffix}")
    assert actions.get_action(s.engine, s.manager, action_id).status == "open"
    assert evidence.download(s.engine, s.staff, file_id).content == PNG
