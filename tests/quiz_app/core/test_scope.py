"""The scope checker: size rule, classification and reasoning (quiz_app.core.scope).

The hand-worked cases run against the real data/scope.yaml; the size and rule edge cases run
against a small Scope built here, so they do not move when the data is edited.
"""

from __future__ import annotations

import pytest
import yaml
from support import DATA

from kb.model import Scope
from quiz_app.core.scope import EntityFacts, Step, UnknownCase, UnknownSubsector, classify

M = 1_000_000


@pytest.fixture(scope="module")
def real_scope() -> Scope:
    """The scope section of data/scope.yaml, validated by the one schema."""
    text = (DATA / "scope.yaml").read_text(encoding="utf-8")
    return Scope.model_validate(yaml.safe_load(text)["scope"])


def _case(case_id: str, classification: str, ref: str = "Art. 2(2)(x)") -> dict:
    return {
        "id": case_id,
        "ref": ref,
        "text": f"Case {case_id}.",
        "classification": classification,
        "question": f"{case_id}?",
    }


def small_scope(medium: int = 50, large: int = 250) -> Scope:
    """A minimal Scope: one Annex I and one Annex II subsector, one case of each kind."""
    source = {
        "title": "Directive (EU) 2022/2555",
        "url": "https://eur-lex.europa.eu/eli/dir/2022/2555/oj",
    }
    return Scope.model_validate(
        {
            "sectors": [
                {
                    "id": "health",
                    "annex": "I",
                    "name": "Health",
                    "subsectors": [
                        {"id": "hospitals", "name": "Hospitals", "entity_types": ["hospitals"]}
                    ],
                },
                {
                    "id": "food",
                    "annex": "II",
                    "name": "Food",
                    "subsectors": [{"id": "food", "name": "Food", "entity_types": ["food"]}],
                },
            ],
            "size_cap": {
                "medium": {
                    "employees": medium,
                    "turnover_eur": 10 * M,
                    "balance_sheet_eur": 10 * M,
                },
                "large": {"employees": large, "turnover_eur": 50 * M, "balance_sheet_eur": 43 * M},
                "explanation": "Size cap.",
                "sources": [source],
            },
            "regardless_of_size": [
                _case("dns-service-providers", "essential"),
                _case("public-electronic-communications", "depends"),
                _case("trust-service-providers", "depends"),
                _case("systemic-risk", "essential-if-designated"),
                _case("regional-public-administration", "important"),
                _case("domain-name-registration", "depends"),
                _case("local-public-administration", "depends"),
            ],
            "essential_rules": ["Large Annex I."],
            "important_rule": "The rest.",
            "fines": [
                {
                    "classification": "essential",
                    "fixed_eur": 10 * M,
                    "turnover_percent": 2.0,
                    "ref": "Art. 34(4)",
                    "explanation": "Higher of.",
                },
                {
                    "classification": "important",
                    "fixed_eur": 7 * M,
                    "turnover_percent": 1.4,
                    "ref": "Art. 34(5)",
                    "explanation": "Higher of.",
                },
            ],
            "caveats": ["Not legal advice."],
            "sources": [source],
        }
    )


# ---------------------------------------------------------------- the size rule


@pytest.mark.parametrize(
    ("employees", "turnover", "balance", "size"),
    [
        (49, 10 * M, 10 * M, "micro/small"),  # at the ceilings, not above them
        (50, 0, 0, "medium"),
        (49, 10 * M + 1, 10 * M + 1, "medium"),  # both financial figures above
        (40, 12 * M, 8 * M, "micro/small"),  # only one figure above
        (40, 8 * M, 12 * M, "micro/small"),
        (249, 50 * M + 1, 43 * M, "medium"),  # balance at its ceiling
        (249, 50 * M + 1, 43 * M + 1, "large"),
        (250, 0, 0, "large"),
        (10, None, None, "micro/small"),  # unknown figures do not lift the size
    ],
)
def test_size_follows_recommendation_2003_361(employees, turnover, balance, size):
    facts = EntityFacts("hospitals", employees, turnover, balance)
    assert classify(small_scope(), facts).size == size


def test_size_thresholds_come_from_the_data():
    facts = EntityFacts("hospitals", 60)
    assert classify(small_scope(medium=50), facts).size == "medium"
    assert classify(small_scope(medium=70), facts).size == "micro/small"
    assert classify(small_scope(large=60), facts).size == "large"


# ---------------------------------------------------------------- rules on a fixed Scope


def test_medium_annex_i_is_important_and_large_annex_i_is_essential():
    scope = small_scope()
    assert classify(scope, EntityFacts("hospitals", 60)).classification == "important"
    assert classify(scope, EntityFacts("hospitals", 300)).classification == "essential"


def test_large_annex_ii_is_important():
    result = classify(small_scope(), EntityFacts("food", 300))
    assert (result.in_scope, result.classification) == (True, "important")
    assert result.articles_apply == [20, 21, 23, 33, 34]


def test_public_ecomms_medium_is_essential_small_is_important():
    cases = frozenset({"public-electronic-communications"})
    medium = classify(small_scope(), EntityFacts(None, 60, cases=cases))
    small = classify(small_scope(), EntityFacts(None, 20, cases=cases))
    assert (medium.classification, medium.steps[2].ref) == (
        "essential",
        "Art. 2(2)(x); Art. 3(1)(c)",
    )
    assert (small.classification, small.steps[2].ref) == ("important", "Art. 2(2)(x); Art. 3(2)")


def test_trust_service_provider_without_qualified_status_is_essential_only_when_large():
    cases = frozenset({"trust-service-providers"})
    assert classify(small_scope(), EntityFacts(None, 20, cases=cases)).classification == "important"
    assert (
        classify(small_scope(), EntityFacts(None, 120, cases=cases)).classification == "important"
    )
    assert (
        classify(small_scope(), EntityFacts(None, 300, cases=cases)).classification == "essential"
    )


def test_designation_case_gives_important_and_flags_the_member_state():
    result = classify(small_scope(), EntityFacts("food", 10, cases=frozenset({"systemic-risk"})))
    assert (result.in_scope, result.classification, result.member_state_decides) == (
        True,
        "important",
        True,
    )
    assert result.steps[3] == Step(
        "Case systemic-risk. In scope whatever the size: important, or essential if the Member "
        "State designates you.",
        "Art. 2(2)(x); Art. 3(1)(e)",
        "articles/3",
    )


def test_designation_case_needs_an_annex_type():
    result = classify(small_scope(), EntityFacts(None, 10, cases=frozenset({"systemic-risk"})))
    assert (result.in_scope, result.classification) == (False, None)
    assert "you named none" in result.steps[2].text


def test_regional_public_administration_is_important():
    facts = EntityFacts(None, 10, cases=frozenset({"regional-public-administration"}))
    assert classify(small_scope(), facts).classification == "important"


def test_domain_registrar_is_in_scope_without_a_class():
    facts = EntityFacts(None, 5, cases=frozenset({"domain-name-registration"}))
    result = classify(small_scope(), facts)
    assert (result.in_scope, result.classification, result.articles_apply, result.fine) == (
        True,
        None,
        [],
        None,
    )
    assert result.steps[-1] == Step(
        "You are in scope, but no rule of Art. 3 makes you essential or important.",
        "Art. 3(3)",
        "articles/3",
    )


def test_member_state_option_does_not_bring_into_scope():
    facts = EntityFacts(None, 500, cases=frozenset({"local-public-administration"}))
    result = classify(small_scope(), facts)
    assert (result.in_scope, result.classification, result.member_state_decides) == (
        False,
        None,
        True,
    )


def test_fine_ceiling_is_the_higher_of_fixed_and_turnover_share():
    big = classify(small_scope(), EntityFacts("hospitals", 300, 2_000 * M, 900 * M))
    small_turnover = classify(small_scope(), EntityFacts("hospitals", 300, 100 * M, 90 * M))
    unknown = classify(small_scope(), EntityFacts("hospitals", 300))
    assert big.fine.ceiling_eur == 40 * M
    assert small_turnover.fine.ceiling_eur == 10 * M
    assert (unknown.fine.fixed_eur, unknown.fine.ceiling_eur) == (10 * M, None)


def test_unknown_ids_raise():
    with pytest.raises(UnknownSubsector, match="unknown subsector 'hospital'"):
        classify(small_scope(), EntityFacts("hospital", 60))
    with pytest.raises(UnknownCase, match="unknown case\\(s\\): dns"):
        classify(small_scope(), EntityFacts(None, 60, cases=frozenset({"dns"})))


# ---------------------------------------------------------------- hand-worked cases, real data


def _refs(result) -> list[tuple[str, str]]:
    return [(s.ref, s.page) for s in result.steps]


def test_hospital_of_60_is_important(real_scope):
    result = classify(real_scope, EntityFacts("healthcare-providers", 60, 8 * M, 6 * M))
    assert (result.in_scope, result.classification, result.size) == (True, "important", "medium")
    assert result.articles_apply == [20, 21, 23, 33, 34]
    assert (result.fine.ref, result.fine.ceiling_eur) == ("Art. 34(5)", 7 * M)
    assert result.steps == [
        Step(
            "Healthcare providers is a subsector of Health in Annex I.",
            "Art. 2(1); Annexes I and II",
            "scope",
        ),
        Step(
            "60 employees, turnover €8,000,000, balance sheet €6,000,000: a medium-sized "
            "enterprise (50 or more employees).",
            "Art. 2(1); Recommendation 2003/361/EC",
            "scope",
        ),
        Step(
            "A medium-sized entity of an Annex I type is in scope; unless another rule makes it "
            "essential, it is important.",
            "Art. 2(1); Art. 3(2)",
            "articles/3",
        ),
        Step(
            "Overall: an important entity, as no rule of Art. 3(1) makes you essential.",
            "Art. 3(2)",
            "articles/3",
        ),
        Step(
            "Your management body approves and oversees the measures (Art. 20), you take the "
            "risk-management measures (Art. 21) and report significant incidents (Art. 23); as "
            "an important entity you are supervised after the fact (Art. 33).",
            "Art. 20, 21, 23, 33",
            "articles/33",
        ),
        Step(
            "For infringing Art. 21 or 23, the maximum fine must be at least €7,000,000 or 1.4 % "
            "of worldwide annual turnover, whichever is higher: with a turnover of €8,000,000, "
            "at least €7,000,000.",
            "Art. 34(5)",
            "articles/34",
        ),
    ]


def test_dns_provider_of_30_is_essential_whatever_its_size(real_scope):
    facts = EntityFacts(
        "digital-infrastructure", 30, 3 * M, 2 * M, frozenset({"dns-service-providers"})
    )
    result = classify(real_scope, facts)
    assert (result.in_scope, result.classification, result.size) == (
        True,
        "essential",
        "micro/small",
    )
    assert result.articles_apply == [20, 21, 23, 32, 34]
    assert (result.fine.ref, result.fine.ceiling_eur) == ("Art. 34(4)", 10 * M)
    assert _refs(result) == [
        ("Art. 2(1); Annexes I and II", "scope"),
        ("Art. 2(1); Recommendation 2003/361/EC", "scope"),
        ("Art. 2(1)", "articles/2"),
        ("Art. 2(2)(a)(iii)", "articles/2"),
        ("Art. 3(1)", "articles/3"),
        ("Art. 20, 21, 23, 32", "articles/32"),
        ("Art. 34(4)", "articles/34"),
    ]
    assert result.steps[2].text == (
        "Micro and small enterprises are outside the size-cap rule: you are in scope only if a "
        "case that applies regardless of size does."
    )
    assert result.steps[3].text.endswith("In scope whatever the size, as essential.")
    assert result.steps[4].text == "Overall: an essential entity."


def test_medical_device_manufacturer_of_300_is_important(real_scope):
    result = classify(real_scope, EntityFacts("medical-devices", 300, 60 * M, 50 * M))
    assert (result.in_scope, result.classification, result.size) == (True, "important", "large")
    assert result.steps[0].text == (
        "Medical devices and in vitro diagnostic medical devices is a subsector of Manufacturing "
        "in Annex II."
    )
    assert result.steps[2] == Step(
        "A large entity of an Annex II type is in scope; unless another rule makes it "
        "essential, it is important.",
        "Art. 2(1); Art. 3(2)",
        "articles/3",
    )
    assert (result.fine.ref, result.fine.ceiling_eur) == ("Art. 34(5)", 7 * M)


def test_critical_medical_device_manufacturer_of_300_is_essential(real_scope):
    result = classify(real_scope, EntityFacts("critical-medical-devices", 300, 60 * M, 50 * M))
    assert (result.classification, result.steps[2].ref) == ("essential", "Art. 2(1); Art. 3(1)(a)")
    assert result.fine.ceiling_eur == 10 * M


def test_firm_of_40_with_one_financial_figure_above_is_small_and_out(real_scope):
    result = classify(real_scope, EntityFacts("food", 40, 12 * M, 8 * M))
    assert (result.in_scope, result.classification, result.size) == (False, None, "micro/small")
    assert (result.articles_apply, result.fine) == ([], None)
    assert result.steps == [
        Step(
            "Production, processing and distribution of food is a sector of Annex II.",
            "Art. 2(1); Annexes I and II",
            "scope",
        ),
        Step(
            "40 employees, turnover €12,000,000, balance sheet €8,000,000: a micro or small "
            "enterprise (fewer than 50 employees, and turnover and balance sheet do not both "
            "exceed €10,000,000 and €10,000,000).",
            "Art. 2(1); Recommendation 2003/361/EC",
            "scope",
        ),
        Step(
            "Micro and small enterprises are outside the size-cap rule: you are in scope only if "
            "a case that applies regardless of size does.",
            "Art. 2(1)",
            "articles/2",
        ),
        Step("NIS 2 does not apply to you.", "Art. 2", "articles/2"),
    ]


def test_central_government_ministry_is_essential(real_scope):
    facts = EntityFacts("public-administration", 120, cases=frozenset({"central-government"}))
    result = classify(real_scope, facts)
    assert (result.in_scope, result.classification, result.size) == (True, "essential", "medium")
    assert _refs(result) == [
        ("Art. 2(1); Annexes I and II", "scope"),
        ("Art. 2(1); Recommendation 2003/361/EC", "scope"),
        ("Art. 2(1); Art. 3(2)", "articles/3"),
        ("Art. 2(2)(f)(i)", "articles/2"),
        ("Art. 3(1)", "articles/3"),
        ("Art. 20, 21, 23, 32", "articles/32"),
        ("Art. 34(4)", "articles/34"),
    ]
    assert "Art. 3(1)(d)" in result.steps[3].text
    assert (result.fine.fixed_eur, result.fine.ceiling_eur) == (10 * M, None)


def test_sector_outside_both_annexes_is_out_whatever_its_size(real_scope):
    result = classify(real_scope, EntityFacts(None, 500, 80 * M, 60 * M))
    assert (result.in_scope, result.classification, result.size) == (False, None, "large")
    assert result.steps[0] == Step(
        "Your activity is in neither Annex I nor Annex II, so the size-cap rule of Art. 2(1) "
        "does not cover you.",
        "Art. 2(1); Annexes I and II",
        "scope",
    )
    assert result.steps[-1] == Step("NIS 2 does not apply to you.", "Art. 2", "articles/2")


def test_caveats_come_from_the_data(real_scope):
    result = classify(real_scope, EntityFacts(None, 5))
    assert result.caveats == list(real_scope.caveats)
    assert any("not legal advice" in c for c in result.caveats)
