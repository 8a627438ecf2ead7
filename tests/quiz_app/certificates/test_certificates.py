"""Certificates: the PDF prints every EU alphabet, its code verifies (valid, expired, revoked,
forged), and staff get only their own."""

from __future__ import annotations

import subprocess
from datetime import datetime, timedelta

import pytest

from kb.load import load
from quiz_app import audit, certificates, gdpr, training
from quiz_app.certificates import VerificationStatus as V
from quiz_app.core.certificate_pdf import CertificateFacts, certificate_pdf
from quiz_app.errors import NotFound, PermissionDenied

PASSED_AT = datetime(2025, 3, 3, 9, 0)


@pytest.fixture(scope="module")
def kb():
    return load()


def pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "certificate.pdf"
    path.write_bytes(data)
    out = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    )
    return out.stdout


def answers(kb, module, wrong: int = 0) -> dict[str, int]:
    questions = {q.id: q for q in kb.questions}
    chosen = {}
    for n, qid in enumerate(module.quiz):
        options = questions[qid].options
        right = next(i for i, o in enumerate(options) if o.correct)
        chosen[qid] = right if n >= wrong else (right + 1) % len(options)
    return chosen


def take(s, kb, actor, wrong: int = 0, at: datetime = PASSED_AT):
    hygiene = training.module_by_id(kb, "cyber-hygiene")
    return training.record_attempt(
        s.engine, actor, kb, hygiene, answers(kb, hygiene, wrong), started_at=at, now=at
    )


@pytest.mark.parametrize(
    "name",
    ["Łukasz Żółć", "Řehoř Čapek", "Σωκράτης Παπαδόπουλος", "Jürgen Größ"],
)
def test_names_in_every_eu_alphabet_print_as_written(name, tmp_path):
    facts = CertificateFacts(
        person_name=name,
        module_title="Cyber hygiene",
        module_version="1.0",
        completed_on=PASSED_AT.date(),
        score_raw=9,
        score_max=10,
        valid_until=(PASSED_AT + timedelta(days=365)).date(),
        organisation="Zakład Energetyczny Łódź",
        code="ABCD-EFGH-JKLM-NPQR",
    )
    text = pdf_text(certificate_pdf(facts), tmp_path)
    assert name in text
    assert "Zakład Energetyczny Łódź" in text
    assert "9 of 10 (90 %)" in text
    assert "Valid until 2026-03-03" in text
    assert "ABCD-EFGH-JKLM-NPQR" in text


def test_a_passed_attempt_gives_a_certificate_whose_code_verifies(people_store, kb, tmp_path):
    s = people_store
    take(s, kb, s.staff, wrong=5)  # a fail gives none
    record = take(s, kb, s.staff)
    held = certificates.my_certificates(s.engine, s.staff)
    assert [h.attempt_id for h in held] == [record.id]

    first = certificates.certificate_file(s.engine, s.staff, kb, record.id, organisation="Acme")
    again = certificates.certificate_file(s.engine, s.staff, kb, record.id, organisation="Acme")
    assert first.code == again.code  # issued once, printed the same every time
    assert first.filename == "certificate-cyber-hygiene-2025-03-03.pdf"
    text = pdf_text(first.data, tmp_path)
    assert "Sam Staff" in text and first.code in text and "Acme" in text

    now = PASSED_AT + timedelta(days=30)
    typed = first.code.lower().replace("-", " ")
    result = certificates.verify_certificate(s.engine, s.manager, kb, typed, now=now)
    assert result.status is V.VALID
    assert result.describe().startswith(f"{first.code}: valid until {record.valid_until.date()}")
    assert "Sam Staff passed" in result.describe()

    later = record.valid_until + timedelta(days=1)
    expired = certificates.verify_certificate(s.engine, None, kb, first.code, now=later)
    assert expired.status is V.EXPIRED
    assert "genuine but expired" in expired.describe()


def test_a_forged_or_mistyped_code_is_unknown(people_store, kb):
    s = people_store
    record = take(s, kb, s.staff)
    real = certificates.certificate_file(s.engine, s.staff, kb, record.id, organisation="A")
    forged = real.code[:-1] + ("A" if real.code[-1] != "A" else "B")
    result = certificates.verify_certificate(s.engine, None, kb, forged)
    assert result.status is V.UNKNOWN
    assert result.person_name is None
    assert "unknown code" in result.describe()


def test_erasing_the_holder_revokes_the_certificate(people_store, kb):
    s = people_store
    record = take(s, kb, s.staff)
    code = certificates.certificate_file(s.engine, s.staff, kb, record.id, organisation="A").code
    gdpr.erase_person(s.engine, s.admin, "P-staff")
    result = certificates.verify_certificate(s.engine, None, kb, code)
    assert result.status is V.REVOKED
    assert "Sam" not in result.describe()


def test_staff_get_only_their_own_certificates_and_trainers_anyones(people_store, kb):
    s = people_store
    record = take(s, kb, s.staff)
    failed = take(s, kb, s.manager, wrong=5)
    for other in (s.manager, s.admin):
        with pytest.raises(PermissionDenied):
            certificates.certificate_file(s.engine, other, kb, record.id, organisation="A")
        with pytest.raises(PermissionDenied):
            certificates.person_certificates(s.engine, other, s.staff.person_id)
    assert certificates.my_certificates(s.engine, s.manager) == []
    assert [
        h.attempt_id
        for h in certificates.person_certificates(s.engine, s.trainer, s.staff.person_id)
    ] == [record.id]
    by_trainer = certificates.certificate_file(s.engine, s.trainer, kb, record.id, organisation="A")
    assert by_trainer.data.startswith(b"%PDF")
    with pytest.raises(NotFound):
        certificates.certificate_file(s.engine, s.trainer, kb, failed.id, organisation="A")
    with pytest.raises(NotFound):
        certificates.certificate_file(s.engine, s.manager, kb, failed.id, organisation="A")


def test_issue_download_and_verification_are_audited(people_store, kb):
    s = people_store
    record = take(s, kb, s.staff)
    code = certificates.certificate_file(s.engine, s.staff, kb, record.id, organisation="A").code
    certificates.certificate_file(s.engine, s.staff, kb, record.id, organisation="A")
    certificates.verify_certificate(s.engine, None, kb, code)
    certificates.verify_certificate(s.engine, None, kb, "NOPE-NOPE")
    got = [
        (e.action, e.target)
        for e in reversed(audit.list_entries(s.engine, s.admin))
        if e.action.startswith("certificate")
    ]
    assert got[:3] == [
        ("certificate_issue", f"person:{s.staff.person_id}"),
        ("certificate_download", f"person:{s.staff.person_id}"),
        ("certificate_download", f"person:{s.staff.person_id}"),
    ]
    assert got[3][0] == "certificate_verify" and got[3][1].startswith("certificate:")
    assert got[4] == ("certificate_verify", "certificate:unknown")
