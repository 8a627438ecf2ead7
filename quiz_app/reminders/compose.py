"""Reminder e-mails from Jinja templates: plain text and HTML (autoescaped) in one message,
in the recipient's language.

One set of templates for every language: their sentences go through Jinja's i18n extension
(``_()``, ``ngettext()``) to the app's gettext catalogues (``make messages`` extracts them),
one template environment per language. Dates are written as the language writes them.

Built with the ``email.mime`` classes: the modern ``EmailMessage`` parses every header it is
given again, which took most of the time of a run of thousands of messages.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from email.header import Header
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import formataddr, make_msgid
from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from quiz_app.i18n import DEFAULT_LANGUAGE, format_date, translator
from quiz_app.reminders.schedule import ReminderKind


@cache
def _environment(language: str) -> Environment:
    env = Environment(
        loader=PackageLoader("quiz_app.reminders", "templates"),
        autoescape=select_autoescape(enabled_extensions=("html.j2",), default=False),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.i18n"],
    )
    t = translator(language)
    # newstyle: _("... %(x)s", x=...) fills in (and, in HTML, escapes) the values itself
    env.install_gettext_callables(t.gettext, t.ngettext, newstyle=True)
    return env


@cache
def _template(language: str, name: str):
    """A compiled template, looked up once per process and language (not once per message)."""
    return _environment(language).get_template(name)


@dataclass(frozen=True)
class ReminderText:
    """What a message says: who it is for and about, and where to go."""

    kind: ReminderKind
    recipient_name: str
    person_name: str
    module_title: str
    due_on: date
    today: date
    link: str
    organisation: str
    language: str = DEFAULT_LANGUAGE  # the recipient's: en, de, fr


def _context(text: ReminderText) -> dict:
    return {
        "lang": text.language,
        "kind": text.kind.value,
        "recipient_name": text.recipient_name,
        "person_name": text.person_name,
        "module_title": text.module_title,
        "due_on": format_date(text.due_on, text.language),
        "days_left": (text.due_on - text.today).days,
        "days_late": (text.today - text.due_on).days,
        "link": text.link,
        "organisation": text.organisation,
    }


def compose(text: ReminderText, *, sender: str, recipient: str) -> MIMEMultipart:
    """The e-mail for ``text``, with a fresh ``Message-ID`` on the sender's domain."""
    context = _context(text)
    language = translator(text.language).language  # an unknown one gives English

    def render(name: str) -> str:
        return _template(language, name).render(context)

    subject = " ".join(render("subjects.txt.j2").split())
    message = MIMEMultipart("alternative")
    message["Subject"] = Header(subject, "utf-8")  # one line: no header injection by a title
    message["From"] = sender
    message["To"] = formataddr((text.recipient_name, recipient), charset="utf-8")
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    message.attach(MIMEText(render("reminder.txt.j2"), "plain", "utf-8"))
    message.attach(MIMEText(render("reminder.html.j2"), "html", "utf-8"))
    return message
