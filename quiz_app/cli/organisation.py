"""``organisation show`` and ``organisation set``: the organisation's profile."""

from __future__ import annotations

from dataclasses import replace

import click

from quiz_app.cli.common import CommandGroup, OneOf, Session, identity_options, pass_session
from quiz_app.governance import organisation
from quiz_app.governance.organisation import CLASSES, OrganisationProfile

group = CommandGroup("organisation", help="Show or set the organisation's profile.")


@group.command("show")
@identity_options
@pass_session
def show(session: Session) -> None:
    """Print the profile, one field a line (anyone signed in).

    \b
    Example:
      python -m quiz_app --as staff1 organisation show
    """
    engine = session.engine()
    profile = organisation.read_profile(engine, session.actor(engine))
    if profile is None:
        click.echo("no organisation profile yet")
        return
    click.echo(f"name: {profile.name}")
    click.echo(f"member states: {', '.join(profile.member_states)}")
    for label, value in (
        ("sector", profile.sector),
        ("size", profile.entity_size),
        ("class", profile.entity_class),
        ("competent authority", profile.competent_authority),
        ("reporting contact", profile.reporting_contact),
    ):
        click.echo(f"{label}: {value or '-'}")
    click.echo(f"version: {profile.version}")


@group.command("set")
@click.option("--name", metavar="TEXT", help="the organisation's name")
@click.option("--member-states", metavar="CODES", help="EU codes, comma-separated: PL,DE")
@click.option("--class", "entity_class", type=OneOf(CLASSES), help="essential or important")
@click.option("--authority", metavar="TEXT", help="the competent authority")
@click.option("--contact", metavar="TEXT", help="the reporting contact")
@identity_options
@pass_session
def set_(
    session: Session,
    name: str | None,
    member_states: str | None,
    entity_class: str | None,
    authority: str | None,
    contact: str | None,
) -> None:
    """Change the fields given, keeping the others (admin); a first profile needs --name
    and --member-states.

    \b
    Example:
      python -m quiz_app --as admin organisation set --name "Acme SA" --member-states PL,DE
    """
    engine = session.engine()
    actor = session.actor(engine)
    current = organisation.read_profile(engine, actor) or OrganisationProfile("", ())
    given = {
        "name": name,
        "member_states": tuple(member_states.split(",")) if member_states else None,
        "entity_class": entity_class,
        "competent_authority": authority,
        "reporting_contact": contact,
    }
    changed = replace(current, **{k: v for k, v in given.items() if v is not None})
    saved = organisation.save_profile(engine, actor, changed, expected_version=current.version)
    click.echo(f"saved the profile of {saved.name} (version {saved.version})")
