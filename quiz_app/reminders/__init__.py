"""Reminder e-mails about training: assigned, due soon, overdue, and an escalation to the
person's manager.

- :mod:`~quiz_app.reminders.schedule`: which reminder is due for which assignment (pure).
- :mod:`~quiz_app.reminders.compose`: the message, from Jinja templates (text and HTML).
- :mod:`~quiz_app.reminders.mailer`: the SMTP session of the ``NIS2_SMTP_*`` settings.
- :mod:`~quiz_app.reminders.send`: sending what is due, each message at most once.
- :mod:`~quiz_app.reminders.log`: what was sent to whom, for trainers.
"""

from quiz_app.reminders.log import SentReminder, sent_reminders
from quiz_app.reminders.mailer import MailFailed, MailNotConfigured
from quiz_app.reminders.schedule import ReminderKind, ReminderPolicy
from quiz_app.reminders.send import PlannedReminder, SendResult, pending_reminders, send_reminders

__all__ = [
    "MailFailed",
    "MailNotConfigured",
    "PlannedReminder",
    "ReminderKind",
    "ReminderPolicy",
    "SendResult",
    "SentReminder",
    "pending_reminders",
    "send_reminders",
    "sent_reminders",
]
