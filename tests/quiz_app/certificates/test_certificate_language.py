"""A certificate in its holder's language (the locale of their account): labels, date and
module title; verifying its code stays as it was."""

from __future__ import annotations

import subprocess
from datetime import datetime

import pytest

from kb.i18n import localise
from kb.load import load
from quiz_app import certificates, preferences, training
from quiz_app.certificates import VerificationStatus

PASSED_AT = datetime(2025, 3, 3, 9, 0)


@pytest.fixture(scope="module")
def kb():
    return load()


def text_of(data: bytes, tmp_path) -> str:
    path = tmp_path / "certificate.pdf"
    path.write_bytes(data)
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, check=True, text=True)
    return " ".join(out.stdout.split())


def passed(s, kb):
    hygiene = training.module_by_id(kb, "cyber-hygiene")
    questions = {q.id: q for q in kb.questions}
    right = {
        qid: next(i for i, o in enumerate(questions[qid].options) if o.correct)
        for qid in hygiene.quiz
    }
    return training.record_attempt(
        s.engine, s.staff, kb, hygiene, right, started_at=PASSED_AT, now=PASSED_AT
    )


def test_a_german_holder_gets_a_german_certificate(people_store, kb, tmp_path):
    s = people_store
    preferences.set_language(s.engine, s.staff, "de")
    record = passed(s, kb)
    german_title = training.module_by_id(localise(kb, "de"), "cyber-hygiene").title
    english_title = training.module_by_id(kb, "cyber-hygiene").title
    assert german_title != english_title

    # downloaded by a trainer (in whatever language): still the holder's language
    file = certificates.certificate_file(s.engine, s.trainer, kb, record.id, organisation="Acme")
    text = text_of(file.data, tmp_path)
    assert "Schulungszertifikat" in text
    assert "Sam Staff" in text and "Acme" in text
    assert german_title in text and english_title not in text
    assert "am 03.03.2025" in text
    assert "Gültig bis 03.03.2026." in text
    assert f"Prüfcode: {file.code}" in text
    assert "Certificate of training" not in text

    result = certificates.verify_certificate(s.engine, None, kb, file.code, now=PASSED_AT)
    assert result.status is VerificationStatus.VALID
    assert "Sam Staff passed" in result.describe()  # the verification answer is unchanged


def test_without_a_language_choice_the_certificate_is_english(people_store, kb, tmp_path):
    s = people_store
    record = passed(s, kb)
    file = certificates.certificate_file(s.engine, s.staff, kb, record.id, organisation="Acme")
    text = text_of(file.data, tmp_path)
    assert "Certificate of training" in text
    assert training.module_by_id(kb, "cyber-hygiene").title in text
    assert "Valid until 2026-03-03." in text


def test_the_verification_answer_in_german_and_french(people_store, kb):
    s = people_store
    record = passed(s, kb)
    code = certificates.certificate_file(s.engine, s.trainer, kb, record.id, organisation="A").code
    german = localise(kb, "de")
    result = certificates.verify_certificate(s.engine, None, german, code, now=PASSED_AT)
    title = training.module_by_id(german, "cyber-hygiene").title
    assert result.describe("de") == (
        f"{code}: gültig bis 03.03.2026: Sam Staff hat {title} (Version "
        f"{training.module_by_id(kb, 'cyber-hygiene').version}) am 03.03.2025 bestanden"
    )
    unknown = certificates.verify_certificate(s.engine, None, kb, "zzzz-zzzz-zzzz-zzzz")
    assert unknown.describe("fr").startswith("ZZZZ-ZZZZ-ZZZZ-ZZZZ : code inconnu : ")
    assert unknown.describe() == (
        "ZZZZ-ZZZZ-ZZZZ-ZZZZ: unknown code: no certificate was issued with it (mistyped or forged)"
    )
