"""The page registry: every page of the app, with the action a visitor must be allowed.

The sidebar shows exactly the pages whose action the role has (``pages_for``), and each page
calls ``ui.guard(action)`` at its top, so a page reached by URL without permission shows an
error and nothing else. To add a page: write ``app_pages/<name>.py`` starting with
``actor = ui.guard(Action.X)`` and add one ``PageSpec`` line to ``PAGES``.
"""

from __future__ import annotations

from dataclasses import dataclass

from quiz_app.authz import Action, Role, allowed
from quiz_app.i18n import N_


@dataclass(frozen=True)
class PageSpec:
    """One page: file (relative to quiz_app/), title (English; shown translated), icon,
    required action, URL path."""

    path: str
    title: str
    icon: str
    action: Action | None
    url_path: str
    needs_person: bool = False  # the page is about the visitor's own records


PAGES: list[PageSpec] = [
    PageSpec("app_pages/home.py", N_("Home"), ":material/home:", Action.VIEW_HOME, "home"),
    PageSpec(
        "app_pages/assessment.py",
        N_("Self-assessment"),
        ":material/quiz:",
        Action.TAKE_ASSESSMENT,
        "assessment",
        needs_person=True,
    ),
    PageSpec(
        "app_pages/results.py",
        N_("Results"),
        ":material/insights:",
        Action.VIEW_OWN_RESULTS,
        "results",
        needs_person=True,
    ),
    PageSpec(
        "app_pages/history.py",
        N_("History"),
        ":material/timeline:",
        Action.VIEW_OWN_RESULTS,
        "history",
        needs_person=True,
    ),
    PageSpec(
        "app_pages/team.py",
        N_("Team overview"),
        ":material/groups:",
        Action.VIEW_TEAM_AGGREGATES,
        "team",
    ),
    PageSpec(
        "app_pages/rounds.py",
        N_("Assessment rounds"),
        ":material/how_to_vote:",
        Action.RUN_ROUNDS,
        "rounds",
    ),
    PageSpec(
        "app_pages/approvals.py",
        N_("Board approvals"),
        ":material/gavel:",
        Action.VIEW_APPROVALS,
        "approvals",
    ),
    PageSpec(
        "app_pages/remediation_plan.py",
        N_("Remediation plan"),
        ":material/checklist:",
        Action.WORK_ON_ACTIONS,
        "plan",
    ),
    PageSpec(
        "app_pages/targets.py",
        N_("Target levels"),
        ":material/flag:",
        Action.SET_TARGETS,
        "targets",
    ),
    PageSpec(
        "app_pages/scope_checker.py",
        N_("Scope checker"),
        ":material/rule:",
        Action.VIEW_HOME,
        "scope_checker",
    ),
    PageSpec(
        "app_pages/incident_clock.py",
        N_("Incident reporting clock"),
        ":material/alarm:",
        Action.VIEW_HOME,
        "incident_clock",
    ),
    PageSpec(
        "app_pages/my_training.py",
        N_("My training"),
        ":material/school:",
        Action.TAKE_TRAINING,
        "my_training",
        needs_person=True,
    ),
    PageSpec(
        "app_pages/trainer_dashboard.py",
        N_("Training dashboard"),
        ":material/monitoring:",
        Action.VIEW_COMPLETIONS,
        "trainer",
    ),
    PageSpec(
        "app_pages/person_training.py",
        N_("Person"),
        ":material/person_search:",
        Action.VIEW_PERSON_TRAINING,
        "person",
    ),
    PageSpec(
        "app_pages/reminders_log.py",
        N_("Reminders"),
        ":material/mail:",
        Action.VIEW_COMPLETIONS,
        "reminders",
    ),
    PageSpec(
        "app_pages/verify_certificate.py",
        N_("Verify certificate"),
        ":material/verified:",
        Action.VIEW_HOME,
        "verify_certificate",
    ),
    PageSpec(
        "app_pages/people_admin.py",
        N_("People"),
        ":material/group:",
        Action.MANAGE_PEOPLE,
        "people",
    ),
    PageSpec(
        "app_pages/organisation.py",
        N_("Organisation"),
        ":material/domain:",
        Action.MANAGE_ORGANISATION,
        "organisation",
    ),
    PageSpec(
        "app_pages/admin_accounts.py",
        N_("Accounts"),
        ":material/manage_accounts:",
        Action.MANAGE_ACCOUNTS,
        "accounts",
    ),
    PageSpec(
        "app_pages/sessions_admin.py",
        N_("Sessions"),
        ":material/devices:",
        Action.MANAGE_SESSIONS,
        "sessions",
    ),
    PageSpec(
        "app_pages/audit_log.py", N_("Audit log"), ":material/policy:", Action.VIEW_AUDIT, "audit"
    ),
]

LOGIN_PAGE = PageSpec("app_pages/login.py", N_("Log in"), ":material/login:", None, "login")
SETUP_PAGE = PageSpec(
    "app_pages/setup_admin.py", N_("Create first admin"), ":material/person_add:", None, "setup"
)


def pages_for(role: Role, *, has_person: bool = True) -> list[PageSpec]:
    """The pages a role may open, in registry order (the first is the default page); without
    a linked person, not the pages about one's own records (they could only say so)."""
    return [
        p
        for p in PAGES
        if (p.action is None or allowed(role, p.action)) and (has_person or not p.needs_person)
    ]
