"""What the GDPR erase removes from the remediation plan (called by :mod:`quiz_app.gdpr`).

Comments and evidence are text and files a person wrote or uploaded, so they may hold
personal data: the erase blanks the comments written from the person's accounts and deletes
the evidence added from them. Actions the person owned stay (the organisation's work goes
on), on the pseudonym the erase gives the person.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.engine import Connection

from quiz_app.store import accounts, action_comments, action_evidence

ERASED_TEXT = "(erased)"


def erase_person_text(conn: Connection, person_id: int) -> None:
    """Blank the person's comments and delete the evidence they added (in the erase's
    transaction)."""
    own = select(accounts.c.id).where(accounts.c.person_id == person_id)
    conn.execute(
        action_comments.update()
        .where(action_comments.c.author_account_id.in_(own))
        .values(body=ERASED_TEXT)
    )
    conn.execute(action_evidence.delete().where(action_evidence.c.added_by.in_(own)))
