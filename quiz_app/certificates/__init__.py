"""Certificates of passed training: issued with a random verification code, downloaded as a
PDF by the person (My training) or a trainer (a person's page), and verified by code.

- :mod:`~quiz_app.certificates.issue`: the certificates a person holds, and their PDFs.
- :mod:`~quiz_app.certificates.verify`: whether a code names a genuine, valid certificate.
"""

from quiz_app.certificates.issue import (
    CertificateFile,
    HeldCertificate,
    certificate_file,
    my_certificates,
    person_certificates,
)
from quiz_app.certificates.verify import Verification, VerificationStatus, verify_certificate

__all__ = [
    "CertificateFile",
    "HeldCertificate",
    "Verification",
    "VerificationStatus",
    "certificate_file",
    "my_certificates",
    "person_certificates",
    "verify_certificate",
]
