"""Scope and classification under NIS 2 Art. 2, 3 and 34, with the reasoning step by step.

Pure: reads the thresholds, cases and fines from the knowledge base's :class:`Scope` and
never imports Streamlit. ``classify`` answers: is the entity in scope, essential or
important, which articles apply, what the fine ceiling is, and why, one :class:`Step`
at a time, each naming the article and the site page that explains it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from kb.model import (
    FineCeiling,
    RegardlessOfSize,
    Scope,
    Sector,
    SizeCapRule,
    SizeThreshold,
    Subsector,
)

Size = Literal["micro/small", "medium", "large"]
Classification = Literal["essential", "important"]

SIZE_REF = "Art. 2(1); Recommendation 2003/361/EC"
ANNEX_REF = "Art. 2(1); Annexes I and II"
# Art. 3(1)(c): public e-communications providers that are medium-sized are essential.
PUBLIC_ECOMMS = "public-electronic-communications"
# Art. 2(4): registrars are in scope but Art. 3 gives them no class of their own.
DOMAIN_REGISTRATION = "domain-name-registration"
# Art. 2(5): cases that count only where the Member State has extended NIS 2 to them.
MEMBER_STATE_OPTIONS = ("local-public-administration", "education-institutions")
COMMON_ARTICLES = (20, 21, 23)
SIZE_WORDS: dict[str, str] = {
    "micro/small": "micro or small",
    "medium": "medium-sized",
    "large": "large",
}


class UnknownSubsector(ValueError):
    """The subsector id names no subsector of Annex I or II."""


class UnknownCase(ValueError):
    """A regardless-of-size case id is not in the data."""


@dataclass(frozen=True)
class EntityFacts:
    """What the user tells the checker about the entity.

    ``subsector`` is a subsector id from data/scope.yaml, or None when the entity's activity is
    in neither annex. Money is in euro; None means not known (then it cannot lift the size).
    ``cases`` are ids of ``regardless_of_size`` entries that apply to the entity.
    """

    subsector: str | None
    employees: int
    turnover_eur: int | None = None
    balance_sheet_eur: int | None = None
    cases: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Step:
    """One step of the reasoning: what was decided, under which provision, explained where."""

    text: str
    ref: str
    page: str


@dataclass(frozen=True)
class Fine:
    """The Art. 34 ceiling for a classification; ``ceiling_eur`` needs the turnover."""

    classification: Classification
    fixed_eur: int
    turnover_percent: float
    ref: str
    explanation: str
    ceiling_eur: int | None


@dataclass(frozen=True)
class ScopeResult:
    """The checker's answer. ``member_state_decides`` flags a status national law settles."""

    in_scope: bool
    classification: Classification | None
    size: Size
    steps: list[Step]
    articles_apply: list[int]
    fine: Fine | None
    caveats: list[str]
    member_state_decides: bool = False


@dataclass
class _Grounds:
    """What the steps so far have found: in scope at all, and the classifications."""

    in_scope: bool = False
    classes: list[Classification] = field(default_factory=list)
    member_state_decides: bool = False

    def add(self, classification: Classification | None) -> None:
        self.in_scope = True
        if classification:
            self.classes.append(classification)

    def best(self) -> Classification | None:
        if "essential" in self.classes:
            return "essential"
        return "important" if self.classes else None


def classify(kb_scope: Scope, facts: EntityFacts) -> ScopeResult:
    """Decide scope and classification for ``facts`` with the rules in ``kb_scope``.

    Raises:
        UnknownSubsector: ``facts.subsector`` is not a subsector id in the data.
        UnknownCase: a case id in ``facts.cases`` is not in ``regardless_of_size``.
    """
    sector, subsector = _find_subsector(kb_scope, facts.subsector)
    cases = _find_cases(kb_scope, facts.cases)
    size, size_step = _size(kb_scope, facts)
    steps = [_annex_step(sector, subsector), size_step]
    grounds = _Grounds()

    if sector is not None:
        steps.append(_size_cap_step(size, sector, grounds))
    for case in cases:
        steps.append(_case_step(case, sector, size, grounds))

    classification = grounds.best()
    steps.append(_classification_step(classification, grounds))
    articles = _articles(classification)
    fine = _fine(kb_scope, classification, facts.turnover_eur)
    if classification is not None:
        steps.append(_articles_step(classification, articles))
    if fine is not None:
        steps.append(_fine_step(fine, facts.turnover_eur))
    return ScopeResult(
        in_scope=grounds.in_scope,
        classification=classification,
        size=size,
        steps=steps,
        articles_apply=articles,
        fine=fine,
        caveats=list(kb_scope.caveats),
        member_state_decides=grounds.member_state_decides,
    )


def size_of(size_cap: SizeCapRule, facts: EntityFacts) -> Size:
    """Enterprise size under Recommendation 2003/361/EC, with the thresholds in the data.

    A size is reached with its headcount, or with turnover AND balance sheet both above its
    ceilings: a firm under the headcount that exceeds only one financial ceiling stays below.
    """
    if _reaches(size_cap.large, facts):
        return "large"
    if _reaches(size_cap.medium, facts):
        return "medium"
    return "micro/small"


def fine_ceiling(fine: FineCeiling, turnover_eur: int | None) -> int | None:
    """The higher of the fixed amount and the turnover share; None if turnover is unknown."""
    if turnover_eur is None:
        return None
    return max(fine.fixed_eur, round(turnover_eur * fine.turnover_percent / 100))


# ---------------------------------------------------------------- look-ups


def _find_subsector(
    scope: Scope, subsector_id: str | None
) -> tuple[Sector | None, Subsector | None]:
    if subsector_id is None:
        return None, None
    for sector in scope.sectors:
        for subsector in sector.subsectors:
            if subsector.id == subsector_id:
                return sector, subsector
    raise UnknownSubsector(f"unknown subsector '{subsector_id}'")


def _find_cases(scope: Scope, ids: frozenset[str]) -> list[RegardlessOfSize]:
    known = {c.id for c in scope.regardless_of_size}
    unknown = sorted(ids - known)
    if unknown:
        raise UnknownCase(f"unknown case(s): {', '.join(unknown)}")
    return [c for c in scope.regardless_of_size if c.id in ids]


# ---------------------------------------------------------------- size


def _reaches(threshold: SizeThreshold, facts: EntityFacts) -> bool:
    if facts.employees >= threshold.employees:
        return True
    turnover, balance = facts.turnover_eur or 0, facts.balance_sheet_eur or 0
    return turnover > threshold.turnover_eur and balance > threshold.balance_sheet_eur


def _eur(amount: int | float) -> str:
    return f"€{amount:,.0f}"


def _size(scope: Scope, facts: EntityFacts) -> tuple[Size, Step]:
    medium, large = scope.size_cap.medium, scope.size_cap.large
    size = size_of(scope.size_cap, facts)
    threshold = large if size == "large" else medium
    figures = (
        f"{facts.employees} employees, turnover {_money_or_unknown(facts.turnover_eur)}, "
        f"balance sheet {_money_or_unknown(facts.balance_sheet_eur)}"
    )
    if size == "micro/small":
        why = (
            f"fewer than {medium.employees} employees, and turnover and balance sheet do not "
            f"both exceed {_eur(medium.turnover_eur)} and {_eur(medium.balance_sheet_eur)}"
        )
    elif facts.employees >= threshold.employees:
        why = f"{threshold.employees} or more employees"
    else:
        why = (
            f"turnover above {_eur(threshold.turnover_eur)} and balance sheet above "
            f"{_eur(threshold.balance_sheet_eur)}"
        )
    return size, Step(f"{figures}: a {SIZE_WORDS[size]} enterprise ({why}).", SIZE_REF, "scope")


def _money_or_unknown(amount: int | None) -> str:
    return "not given" if amount is None else _eur(amount)


# ---------------------------------------------------------------- steps


def _annex_step(sector: Sector | None, subsector: Subsector | None) -> Step:
    if sector is None or subsector is None:
        return Step(
            "Your activity is in neither Annex I nor Annex II, so the size-cap rule of Art. 2(1) "
            "does not cover you.",
            ANNEX_REF,
            "scope",
        )
    if subsector.name == sector.name:
        text = f"{sector.name} is a sector of Annex {sector.annex}."
    else:
        text = f"{subsector.name} is a subsector of {sector.name} in Annex {sector.annex}."
    return Step(text, ANNEX_REF, "scope")


def _size_cap_step(size: Size, sector: Sector, grounds: _Grounds) -> Step:
    if size == "micro/small":
        return Step(
            "Micro and small enterprises are outside the size-cap rule: you are in scope only if "
            "a case that applies regardless of size does.",
            "Art. 2(1)",
            "articles/2",
        )
    if sector.annex == "I" and size == "large":
        grounds.add("essential")
        return Step(
            "A large entity of an Annex I type is in scope and essential.",
            "Art. 2(1); Art. 3(1)(a)",
            "articles/3",
        )
    grounds.add("important")
    return Step(
        f"A {SIZE_WORDS[size]} entity of an Annex {sector.annex} type is in scope; unless another rule makes "
        "it essential, it is important.",
        "Art. 2(1); Art. 3(2)",
        "articles/3",
    )


def _case_step(
    case: RegardlessOfSize, sector: Sector | None, size: Size, grounds: _Grounds
) -> Step:
    text = case.text.strip()
    if case.id in MEMBER_STATE_OPTIONS:
        grounds.member_state_decides = True
        return Step(
            f"{text} NIS 2 covers you here only if your Member State has chosen to; the checker "
            "does not count this case.",
            case.ref,
            "articles/2",
        )
    if case.classification == "essential-if-designated":
        if sector is None:
            return Step(
                f"{text} This case covers only entities of an Annex I or II type, and you named "
                "none, so it does not bring you into scope.",
                case.ref,
                "articles/2",
            )
        grounds.member_state_decides = True
        grounds.add("important")
        return Step(
            f"{text} In scope whatever the size: important, or essential if the Member State "
            "designates you.",
            f"{case.ref}; Art. 3(1)(e)",
            "articles/3",
        )
    if case.classification in ("essential", "important"):
        grounds.add(case.classification)
        return Step(
            f"{text} In scope whatever the size, as {case.classification}.",
            case.ref,
            "articles/2",
        )
    return _depends_step(case, sector, size, grounds)


def _depends_step(
    case: RegardlessOfSize, sector: Sector | None, size: Size, grounds: _Grounds
) -> Step:
    text = case.text.strip()
    if case.id == PUBLIC_ECOMMS:
        classification: Classification = "important" if size == "micro/small" else "essential"
        grounds.add(classification)
        return Step(
            f"{text} As a {SIZE_WORDS[size]} provider you are {classification}.",
            f"{case.ref}; Art. 3(1)(c)"
            if classification == "essential"
            else f"{case.ref}; Art. 3(2)",
            "articles/3",
        )
    if case.id == DOMAIN_REGISTRATION:
        grounds.add(None)
        return Step(
            f"{text} In scope whatever the size; essential or important only through another rule.",
            case.ref,
            "articles/2",
        )
    # Any other size-dependent case (trust service providers): the Annex I large rule, else
    # important. The Art. 2(2)(a) types are all Annex I digital infrastructure, hence the default.
    large_annex_i = size == "large" and (sector is None or sector.annex == "I")
    classification = "essential" if large_annex_i else "important"
    grounds.add(classification)
    return Step(
        f"{text} In scope whatever the size; as a {SIZE_WORDS[size]} entity you are {classification}.",
        f"{case.ref}; Art. 3(1)(a)" if large_annex_i else f"{case.ref}; Art. 3(2)",
        "articles/3",
    )


def _classification_step(classification: Classification | None, grounds: _Grounds) -> Step:
    if classification is None and not grounds.in_scope:
        return Step("NIS 2 does not apply to you.", "Art. 2", "articles/2")
    if classification is None:
        return Step(
            "You are in scope, but no rule of Art. 3 makes you essential or important.",
            "Art. 3(3)",
            "articles/3",
        )
    if classification == "essential":
        return Step("Overall: an essential entity.", "Art. 3(1)", "articles/3")
    return Step(
        "Overall: an important entity, as no rule of Art. 3(1) makes you essential.",
        "Art. 3(2)",
        "articles/3",
    )


def _articles(classification: Classification | None) -> list[int]:
    if classification is None:
        return []
    supervision = 32 if classification == "essential" else 33
    return [*COMMON_ARTICLES, supervision, 34]


def _articles_step(classification: Classification, articles: list[int]) -> Step:
    supervision = articles[-2]
    kind = "before and after the fact" if supervision == 32 else "after the fact"
    return Step(
        "Your management body approves and oversees the measures (Art. 20), you take the "
        "risk-management measures (Art. 21) and report significant incidents (Art. 23); "
        f"as an {classification} entity you are supervised {kind} (Art. {supervision}).",
        f"Art. 20, 21, 23, {supervision}",
        f"articles/{supervision}",
    )


def _fine(scope: Scope, classification: Classification | None, turnover: int | None) -> Fine | None:
    if classification is None:
        return None
    entry = next((f for f in scope.fines if f.classification == classification), None)
    if entry is None:
        return None
    return Fine(
        classification=entry.classification,
        fixed_eur=entry.fixed_eur,
        turnover_percent=entry.turnover_percent,
        ref=entry.ref,
        explanation=entry.explanation.strip(),
        ceiling_eur=fine_ceiling(entry, turnover),
    )


def _fine_step(fine: Fine, turnover: int | None) -> Step:
    rule = (
        f"the maximum fine must be at least {_eur(fine.fixed_eur)} or "
        f"{fine.turnover_percent:g} % of worldwide annual turnover, whichever is higher"
    )
    if fine.ceiling_eur is None:
        text = f"For infringing Art. 21 or 23, {rule}."
    else:
        text = (
            f"For infringing Art. 21 or 23, {rule}: with a turnover of {_eur(turnover or 0)}, "
            f"at least {_eur(fine.ceiling_eur)}."
        )
    return Step(text, fine.ref, "articles/34")
