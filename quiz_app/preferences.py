"""Each account's own settings: for now, the interface language it chose."""

from __future__ import annotations

from sqlalchemy import ColumnElement, ScalarSelect, select, update
from sqlalchemy.engine import Engine

from quiz_app import audit, store
from quiz_app.authz import Action, Actor, require
from quiz_app.i18n import LANGUAGES


def language_of(engine: Engine, account_id: int | None) -> str | None:
    """The language the account chose (``en``, ``de``, ``fr``), or None if it never chose."""
    if account_id is None:
        return None
    with store.transaction(engine) as conn:
        return conn.execute(
            select(store.accounts.c.locale).where(store.accounts.c.id == account_id)
        ).scalar_one_or_none()


def person_language(person_id: ColumnElement[int]) -> ScalarSelect:
    """A column for queries: the language chosen by the account linked to the person
    ``person_id`` names (None: no account, or it never chose; the recipient gets English).
    Used for what reaches a person outside the app: reminders, certificates."""
    a = store.accounts
    return (
        select(a.c.locale)
        .where(a.c.person_id == person_id, a.c.locale.is_not(None))
        .order_by(a.c.disabled, a.c.id)
        .limit(1)
        .scalar_subquery()
    )


def set_language(engine: Engine, actor: Actor, language: str) -> None:
    """Remember ``language`` as the actor's own interface language (audited).

    Raises:
        PermissionDenied: nobody is logged in.
        ValueError: ``language`` is not an interface language.
    """
    require(actor, Action.VIEW_HOME)
    if language not in LANGUAGES:
        raise ValueError(f"unknown language '{language}'; expected one of: {', '.join(LANGUAGES)}")
    with store.transaction(engine) as conn:
        before = conn.execute(
            select(store.accounts.c.locale).where(store.accounts.c.id == actor.account_id)
        ).scalar_one_or_none()
        if before == language:
            return
        conn.execute(
            update(store.accounts)
            .where(store.accounts.c.id == actor.account_id)
            .values(locale=language)
        )
        audit.record(
            conn,
            actor.account_id,
            audit.LANGUAGE_CHANGE,
            f"account:{actor.account_id}",
            {"from": before, "to": language},
        )
