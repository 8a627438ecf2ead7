"""Authorization: the ONE place that decides who may do what.

Every page, CLI command and library function that touches people's data calls
``require(actor, action, owner_person_id=...)`` before doing anything. Pages and CLI help are
built from ``PERMISSIONS`` too (see ``quiz_app.navigation``), so hiding and enforcing cannot
drift apart.

How to add an action: add a member to ``Action``, grant it to roles in ``PERMISSIONS``, and
if it concerns one person's own records add it to ``OWN_RECORDS_ONLY``. The matrix test in
``tests/quiz_app/test_authz.py`` lists the intended outcome per role and must be extended too.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from quiz_app.errors import PermissionDenied, UnknownRole, Word
from quiz_app.i18n import N_


class Role(StrEnum):
    """Account roles. MANAGER is a member of the management body (NIS 2 Art. 20)."""

    STAFF = "staff"
    MANAGER = "manager"
    TRAINER = "trainer"
    ADMIN = "admin"

    @classmethod
    def parse(cls, value: str) -> Role:
        """The role named ``value`` (case-insensitive).

        Raises:
            UnknownRole: ``value`` is not a role.
        """
        try:
            return cls(str(value).strip().lower())
        except ValueError:
            names = ", ".join(r.value for r in cls)
            raise UnknownRole(
                N_("unknown role {role!r} (expected one of: {names})"), role=value, names=names
            ) from None


class Action(StrEnum):
    """Things an actor may try to do."""

    VIEW_HOME = "view_home"
    TAKE_ASSESSMENT = "take_assessment"
    TAKE_MANAGEMENT_TRACK = "take_management_track"
    VIEW_OWN_RESULTS = "view_own_results"
    TAKE_TRAINING = "take_training"
    VIEW_TEAM_AGGREGATES = "view_team_aggregates"
    VIEW_COMPLETIONS = "view_completions"
    EXPORT_COMPLETIONS = "export_completions"
    ASSIGN_TRAINING = "assign_training"
    VIEW_PERSON_TRAINING = "view_person_training"
    SEND_REMINDERS = "send_reminders"
    MANAGE_PEOPLE = "manage_people"
    IMPORT_PEOPLE = "import_people"
    MANAGE_ACCOUNTS = "manage_accounts"
    MANAGE_SESSIONS = "manage_sessions"
    VIEW_AUDIT = "view_audit"
    EXPORT_PERSON = "export_person"
    ERASE_PERSON = "erase_person"
    DB_ADMIN = "db_admin"
    MANAGE_ORGANISATION = "manage_organisation"
    RUN_ROUNDS = "run_rounds"
    RECORD_APPROVAL = "record_approval"
    VIEW_APPROVALS = "view_approvals"
    WORK_ON_ACTIONS = "work_on_actions"  # see and update the remediation actions one owns
    MANAGE_ACTIONS = "manage_actions"  # create, assign, see and update every action
    SET_TARGETS = "set_targets"  # the target maturity level per measure


# What each action is, as the end of "the staff role may not ..." (translated where shown).
ACTION_PHRASES: dict[Action, str] = {
    Action.VIEW_HOME: N_("view home"),
    Action.TAKE_ASSESSMENT: N_("take assessment"),
    Action.TAKE_MANAGEMENT_TRACK: N_("take management track"),
    Action.VIEW_OWN_RESULTS: N_("view own results"),
    Action.TAKE_TRAINING: N_("take training"),
    Action.VIEW_TEAM_AGGREGATES: N_("view team aggregates"),
    Action.VIEW_COMPLETIONS: N_("view completions"),
    Action.EXPORT_COMPLETIONS: N_("export completions"),
    Action.ASSIGN_TRAINING: N_("assign training"),
    Action.VIEW_PERSON_TRAINING: N_("view person training"),
    Action.SEND_REMINDERS: N_("send reminders"),
    Action.MANAGE_PEOPLE: N_("manage people"),
    Action.IMPORT_PEOPLE: N_("import people"),
    Action.MANAGE_ACCOUNTS: N_("manage accounts"),
    Action.MANAGE_SESSIONS: N_("manage sessions"),
    Action.VIEW_AUDIT: N_("view audit"),
    Action.EXPORT_PERSON: N_("export person"),
    Action.ERASE_PERSON: N_("erase person"),
    Action.DB_ADMIN: N_("db admin"),
    Action.MANAGE_ORGANISATION: N_("manage organisation"),
    Action.RUN_ROUNDS: N_("run rounds"),
    Action.RECORD_APPROVAL: N_("record approval"),
    Action.VIEW_APPROVALS: N_("view approvals"),
    Action.WORK_ON_ACTIONS: N_("work on actions"),
    Action.MANAGE_ACTIONS: N_("manage actions"),
    Action.SET_TARGETS: N_("set targets"),
}

_EVERYONE = frozenset(
    {
        Action.VIEW_HOME,
        Action.TAKE_ASSESSMENT,
        Action.VIEW_OWN_RESULTS,
        Action.TAKE_TRAINING,
        Action.WORK_ON_ACTIONS,
    }
)
_REMEDIATION = frozenset({Action.MANAGE_ACTIONS, Action.SET_TARGETS})

PERMISSIONS: dict[Role, frozenset[Action]] = {
    Role.STAFF: _EVERYONE,
    Role.MANAGER: _EVERYONE
    | _REMEDIATION
    | {
        Action.TAKE_MANAGEMENT_TRACK,
        Action.VIEW_TEAM_AGGREGATES,
        Action.RUN_ROUNDS,
        Action.RECORD_APPROVAL,
        Action.VIEW_APPROVALS,
    },
    Role.TRAINER: _EVERYONE
    | {
        Action.VIEW_COMPLETIONS,
        Action.EXPORT_COMPLETIONS,
        Action.ASSIGN_TRAINING,
        Action.VIEW_PERSON_TRAINING,
        Action.SEND_REMINDERS,
    },
    Role.ADMIN: _EVERYONE
    | _REMEDIATION
    | {
        Action.MANAGE_PEOPLE,
        Action.IMPORT_PEOPLE,
        Action.VIEW_PERSON_TRAINING,
        Action.MANAGE_ACCOUNTS,
        Action.MANAGE_SESSIONS,
        Action.VIEW_AUDIT,
        Action.EXPORT_PERSON,
        Action.ERASE_PERSON,
        Action.DB_ADMIN,
        Action.MANAGE_ORGANISATION,
        Action.RUN_ROUNDS,
    },
}

# Actions on one person's own records: allowed only when the actor *is* that person,
# whatever the role (admins export a person's data through EXPORT_PERSON, which is audited).
OWN_RECORDS_ONLY: frozenset[Action] = frozenset(
    {
        Action.TAKE_ASSESSMENT,
        Action.TAKE_MANAGEMENT_TRACK,
        Action.VIEW_OWN_RESULTS,
        Action.TAKE_TRAINING,
    }
)


@dataclass(frozen=True)
class Actor:
    """Who is acting: an account id (None only for bootstrap), its role and linked person."""

    account_id: int | None
    role: Role
    person_id: int | None = None


def allowed(role: Role, action: Action) -> bool:
    """Whether ``role`` may perform ``action`` at all (ignoring ownership)."""
    return action in PERMISSIONS[role]


def require(actor: Actor | None, action: Action, *, owner_person_id: int | None = None) -> None:
    """Return if ``actor`` may perform ``action``, else raise.

    Args:
        actor: the acting account, or None when nobody is logged in.
        action: what is attempted.
        owner_person_id: for actions in ``OWN_RECORDS_ONLY``, the person whose records are
            touched; it must be the actor's own person.

    Raises:
        PermissionDenied: not logged in, role lacks the action, or records are someone else's.
    """
    if actor is None:
        raise PermissionDenied(N_("please log in first"))
    if not allowed(actor.role, action):
        raise PermissionDenied(
            N_("the {actor_role} role may not {action}"),
            actor_role=Word(actor.role.value),
            action=Word(ACTION_PHRASES[action]),
        )
    if action in OWN_RECORDS_ONLY:
        if actor.person_id is None:
            raise PermissionDenied(
                N_("this account is not linked to a person; ask an administrator")
            )
        if owner_person_id is not None and owner_person_id != actor.person_id:
            raise PermissionDenied(N_("you may only see and change your own records"))
