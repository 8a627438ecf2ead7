"""Training as the app tracks it: assignments, quiz attempts, status, dashboards and exports.

Store functions (no Streamlit), one module per concern:

- :mod:`~quiz_app.training.catalogue`: the modules of the knowledge base, the app's URL.
- :mod:`~quiz_app.training.assign`: assigning a module to an audience, department, role or person.
- :mod:`~quiz_app.training.attempts`: grading a quiz and recording the attempt.
- :mod:`~quiz_app.training.status`: where each person stands with each module.
- :mod:`~quiz_app.training.dashboard`: the trainer's counts, overdue list and timeline.
- :mod:`~quiz_app.training.exports`: completion records as CSV, XLSX or xAPI.
- :mod:`~quiz_app.training.filters`: the filters of the dashboard and the exports.
- :mod:`~quiz_app.training.register`: the assignment register (one row per assignment).
- :mod:`~quiz_app.training.person`: one person's training; extend or cancel an assignment.
- :mod:`~quiz_app.training.feedback`: the wrong answers of a quiz, with what to read.

A *completion* is a passing attempt; it stays valid for the module's ``validity_months``
and closes the person's open assignment, opening a renewal due on the day it expires (see
:mod:`quiz_app.core.schedule`). Every function takes ``now`` so tests can fix the clock.

Who may do what (``quiz_app.authz``): everyone takes their own training (``TAKE_TRAINING``);
trainers assign (``ASSIGN_TRAINING``), see completions with names (``VIEW_COMPLETIONS``) and
export them (``EXPORT_COMPLETIONS``). Nothing here reads assessment answers.

The names below are re-exported so callers write ``training.assign(...)``.
"""

from quiz_app.authz import Actor
from quiz_app.store import training_assignments, training_attempts
from quiz_app.training.assign import TARGET_KINDS, AssignResult, AssignTarget, assign
from quiz_app.training.attempts import (
    AttemptRecord,
    AttemptSummary,
    IncompleteQuiz,
    QuizResult,
    grade,
    my_attempts,
    record_attempt,
)
from quiz_app.training.catalogue import (
    app_home_page,
    audience_is_management,
    in_audience,
    module_by_id,
    moment,
)
from quiz_app.training.dashboard import (
    CompletionRate,
    StatusCount,
    completion_rates,
    completions_over_time,
    departments,
    job_roles,
    overdue,
    overdue_rows,
    status_counts,
)
from quiz_app.training.exports import (
    EXPORT_TARGET,
    export_completions,
    export_file_name,
    export_rows,
)
from quiz_app.training.feedback import WrongAnswer, wrong_answers
from quiz_app.training.filters import DashboardFilter, ExportFilter
from quiz_app.training.person import (
    PersonTraining,
    cancel_assignment,
    extend_due,
    people_to_pick,
    person_training,
)
from quiz_app.training.register import (
    REGISTER_FORMATS,
    RegisterView,
    export_register,
    register,
    register_file_name,
)
from quiz_app.training.status import (
    URGENCY,
    StatusRow,
    counter_lines,
    my_training,
    offered_modules,
    status_rows,
)

__all__ = [
    "EXPORT_TARGET",
    "REGISTER_FORMATS",
    "IncompleteQuiz",
    "PersonTraining",
    "RegisterView",
    "WrongAnswer",
    "cancel_assignment",
    "counter_lines",
    "export_register",
    "extend_due",
    "people_to_pick",
    "person_training",
    "register",
    "register_file_name",
    "wrong_answers",
    "TARGET_KINDS",
    "URGENCY",
    "Actor",
    "AssignResult",
    "AssignTarget",
    "AttemptRecord",
    "AttemptSummary",
    "CompletionRate",
    "DashboardFilter",
    "ExportFilter",
    "QuizResult",
    "StatusCount",
    "StatusRow",
    "app_home_page",
    "assign",
    "audience_is_management",
    "completion_rates",
    "completions_over_time",
    "departments",
    "export_completions",
    "export_file_name",
    "export_rows",
    "grade",
    "in_audience",
    "job_roles",
    "module_by_id",
    "moment",
    "my_attempts",
    "my_training",
    "offered_modules",
    "overdue",
    "overdue_rows",
    "record_attempt",
    "status_counts",
    "status_rows",
    "training_assignments",
    "training_attempts",
]
