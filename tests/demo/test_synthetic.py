"""Synthetic families (`herenigd.demo.synthetic`): valid bundles, deterministic, nothing after
`as_of`, and shaped like the reference figures (tests/fixtures/report-figures.csv and
study-sample.csv, copies of shared/reference-data/). No database needed."""

from __future__ import annotations

import csv
import datetime
import hashlib
import json
import os
import random
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from herenigd.casefile.bundles import validate_bundle
from herenigd.demo import synthetic
from herenigd.demo.synthetic import (
    PROCESSING,
    REUNIFIERS_PER_FAMILY,
    bsn_for,
    generate_bundle,
    generate_bundles,
    processing_days,
)
from herenigd.demo.synthetic.names import GROUPS
from herenigd.families.validators import is_valid_bsn
from tests.fixtures import REPORT_FIGURES, STUDY_SAMPLE

AS_OF = datetime.date(2018, 6, 1)
SAMPLE_SIZE = 2000
FAMILY_EVENTS = {"application_filed", "decision", "mvv_issued", "objection_filed"}

# Reference figures (report-figures.csv unless noted), with the tolerance of the checks below.
SYR_SHARE = 64  # reunifier_nationality_share SYR, §2.2 figure 5
ERI_SHARE = 15  # reunifier_nationality_share ERI
ROUTE_DIRECT = 60  # route_after_registration_centre direct, §2.3
CHILDREN_SHARE = 50.1  # reunifiers_by_sex_age age=0-17, §2.2 figure 6
WOMEN, MEN = 4200, 1600  # reunifiers_by_sex_age 18+
WOMEN_18_45 = 81  # share_of_adult_women_aged_18_45
CHILDREN_5_17 = 69  # share_of_children_aged_5_17
SEPARATION_OVER_2_YEARS = 7 / 15  # study-sample separation_over_2_years, §4.1


def _date(text: str) -> datetime.date:
    if len(text) == 4:
        return datetime.date(int(text), 7, 1)  # rules.md: a year-only birth date is 1 July
    return datetime.date.fromisoformat(text)


def _age(birth: datetime.date, at: datetime.date) -> int:
    return at.year - birth.year - ((at.month, at.day) < (birth.month, birth.day))


def _arrivals(family: dict) -> dict[str, datetime.date]:
    return {e["person"]: _date(e["date"]) for e in family["events"] if e["type"] == "arrival"}


def _reunifiers(family: dict) -> list[dict]:
    """rules.md: any member who is not the sponsor and did not travel with the sponsor."""
    return [
        m
        for m in family["members"]
        if m["role"] != "sponsor"
        and not m["travelled_with_sponsor"]
        and m["location"] != "deceased"
    ]


@pytest.fixture(scope="module")
def sample() -> list[dict]:
    """The 2,000-family sample (its speed is measured by bench/bench_generate.py)."""
    return generate_bundles("0268", SAMPLE_SIZE, seed=2018, as_of=AS_OF)


@pytest.fixture(scope="module")
def shares(sample) -> dict[str, float]:
    """The measured shares of the 2,000-family sample, in percent."""
    c: Counter = Counter()
    for bundle in sample:
        family = bundle["family"]
        events = family["events"]
        arrivals = _arrivals(family)
        reunifiers = _reunifiers(family)
        for m in reunifiers:
            c["reunifiers"] += 1
            c[f"nat_{m['nationality']}"] += 1
            if m["key"] not in arrivals:
                continue
            age = _age(_date(m["birth_date"]), arrivals[m["key"]])  # figure 6: age on arrival
            c["arrived"] += 1
            if age < 18:
                c["children"] += 1
                c["children_5_17"] += age >= 5
            elif m["sex"] == "F":
                c["women"] += 1
                c["women_18_45"] += age <= 45
            else:
                c["men"] += 1
        decisions = [e for e in events if e["type"] == "decision"]
        if any(e["type"] == "application_filed" for e in events) and not decisions:
            c["waiting"] += 1
        if decisions and decisions[-1]["outcome"] == "refused":
            c["refused"] += 1
        if arrivals:
            c["arrived_families"] += 1
            c["incomplete"] += any(
                m["key"] not in arrivals and m["location"] in ("abroad", "missing")
                for m in reunifiers
            )
            moves = [e for e in events if e["type"] == "moved"]
            if moves:
                c["moved_families"] += 1
                c["direct"] += moves[0]["route"] == "direct"
            separated = [_date(e["date"]) for e in events if e["type"] == "separated"]
            if separated:
                c["separations"] += 1
                c["separation_over_2_years"] += (min(arrivals.values()) - min(separated)).days > 730
    return {
        "SYR": 100 * c["nat_SYR"] / c["reunifiers"],
        "ERI": 100 * c["nat_ERI"] / c["reunifiers"],
        "children": 100 * c["children"] / c["arrived"],
        "children_5_17": 100 * c["children_5_17"] / c["children"],
        "women_per_man": c["women"] / c["men"],
        "women_18_45": 100 * c["women_18_45"] / c["women"],
        "direct": 100 * c["direct"] / c["moved_families"],
        "waiting": 100 * c["waiting"] / len(sample),
        "refused": 100 * c["refused"] / len(sample),
        "incomplete": 100 * c["incomplete"] / c["arrived_families"],
        "separation_over_2_years": 100 * c["separation_over_2_years"] / c["separations"],
    }


# --- validity ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "count", "as_of"),
    [
        ("0268", 300, AS_OF),
        ("0518", 100, datetime.date(2017, 1, 15)),
        ("0141", 100, datetime.date(2024, 3, 1)),
        ("0363", 100, datetime.date(2015, 12, 31)),
    ],
)
def test_every_generated_bundle_validates(code, count, as_of):
    """validate_bundle (schema and importer checks) finds nothing in any generated family."""
    bundles = generate_bundles(code, count, seed=11, as_of=as_of)
    assert len(bundles) == count
    for bundle in bundles:
        assert validate_bundle(bundle) == [], bundle["family"]["reference"]
        assert bundle["municipality"] == code


def test_references_are_unique_and_prefixed():
    assert [b["family"]["reference"] for b in generate_bundles("0268", 3, seed=1, as_of=AS_OF)] == [
        "NIJ-00001",
        "NIJ-00002",
        "NIJ-00003",
    ]
    assert generate_bundles("0518", 1, seed=1, as_of=AS_OF)[0]["family"]["reference"] == "DH-00001"
    assert generate_bundles("0141", 1, seed=1, as_of=AS_OF)[0]["family"]["reference"] == "ALM-00001"
    other = generate_bundles("0363", 1, seed=1, as_of=AS_OF)[0]["family"]["reference"]
    assert other == "GEM0363-00001"
    custom = generate_bundles("0268", 2, seed=1, as_of=AS_OF, reference_prefix="TEST")
    assert [b["family"]["reference"] for b in custom] == ["TEST-00001", "TEST-00002"]


def test_references_unique_in_sample(sample):
    references = [b["family"]["reference"] for b in sample]
    assert len(set(references)) == len(references) == SAMPLE_SIZE


def test_generate_bundle_makes_one_family():
    bundle = generate_bundle(random.Random(5), "0268", "NIJ-X-1", AS_OF)
    assert bundle["format"] == "herenigd.case-bundle/1"
    assert bundle["family"]["reference"] == "NIJ-X-1"
    assert validate_bundle(bundle) == []


# --- determinism --------------------------------------------------------------------------------


def test_same_arguments_same_families():
    first = generate_bundles("0268", 50, seed=7, as_of=AS_OF)
    assert generate_bundles("0268", 50, seed=7, as_of=AS_OF) == first
    assert generate_bundles("0268", 50, seed=8, as_of=AS_OF) != first
    assert generate_bundles("0518", 50, seed=7, as_of=AS_OF) != first


def test_family_n_does_not_depend_on_count():
    """The demo can grow: asking for more families keeps the existing ones unchanged."""
    assert generate_bundles("0268", 60, seed=7, as_of=AS_OF)[:20] == generate_bundles(
        "0268", 20, seed=7, as_of=AS_OF
    )


def test_same_output_in_another_process_with_another_hash_seed():
    code = (
        "import datetime, hashlib, json\n"
        "from herenigd.demo.synthetic import generate_bundles\n"
        "b = generate_bundles('0268', 30, seed=3, as_of=datetime.date(2018, 6, 1))\n"
        "print(hashlib.sha256(json.dumps(b, sort_keys=True).encode()).hexdigest())\n"
    )
    digests = set()
    for hash_seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        out = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
        )
        digests.add(out.stdout.strip())
    here = generate_bundles("0268", 30, seed=3, as_of=AS_OF)
    digests.add(hashlib.sha256(json.dumps(here, sort_keys=True).encode()).hexdigest())
    assert len(digests) == 1


# --- consistency ------------------------------------------------------------------------------


@pytest.mark.parametrize("as_of", [AS_OF, datetime.date(2023, 9, 30)])
def test_nothing_is_dated_after_as_of(as_of):
    for bundle in generate_bundles("0141", 400, seed=4, as_of=as_of):
        family = bundle["family"]
        for item in family["events"] + family["contacts"]:
            assert _date(item["date"]) <= as_of, (family["reference"], item)
        for m in family["members"]:
            assert _date(m["birth_date"]) <= as_of


def test_members_are_consistent_with_the_timeline(sample):
    for bundle in sample:
        family = bundle["family"]
        members = {m["key"]: m for m in family["members"]}
        arrivals = _arrivals(family)
        sponsor = members["sponsor"]
        assert sponsor["role"] == "sponsor" and sponsor["location"] == "in_nl"
        names = {m["family_name"] for m in family["members"]}
        assert len(names) == 1  # shared family name
        for m in family["members"]:
            in_nl = m["role"] == "sponsor" or m["travelled_with_sponsor"] or m["key"] in arrivals
            assert (m["location"] == "in_nl") == in_nl, (family["reference"], m["key"])
            if "bsn" in m:
                assert is_valid_bsn(m["bsn"]) and in_nl
            assert m["nationality"] == sponsor["nationality"]
        for event in family["events"]:
            person = event.get("person")
            if event["type"] in FAMILY_EVENTS:
                assert person is None, event
            if person is None:
                continue
            when = _date(event["date"])
            assert when >= _date(members[person]["birth_date"])
            if members[person]["role"] != "sponsor" and event["type"] != "separated":
                # what happens to a reunifier happens after the arrival
                assert person in arrivals and arrivals[person] <= when, event
        for contact in family["contacts"]:
            for key in (contact["person"], contact.get("via"), contact["interpreter"]):
                if key in members and members[key]["role"] != "sponsor":
                    # whoever takes part in a contact is in the Netherlands by then
                    assert members[key]["travelled_with_sponsor"] or (
                        key in arrivals and arrivals[key] <= _date(contact["date"])
                    )


def test_languages_and_names_follow_the_nationality(sample):
    expected = {"SYR": "ar", "XXA": "ar", "ERI": "ti", "AFG": None, "SOM": "so", "SLE": "en"}
    group = {"SYR": "arabic", "XXA": "arabic", "IRQ": "arabic", "ERI": "tigrinya", "SOM": "somali"}
    for bundle in sample:
        sponsor = bundle["family"]["members"][0]
        nationality = sponsor["nationality"]
        if expected.get(nationality):
            assert expected[nationality] in sponsor["languages"]
        if nationality == "AFG":
            assert set(sponsor["languages"]) & {"fa", "ps"}
        if nationality in group:
            names = GROUPS[group[nationality]]
            assert sponsor["given_name"] in names.male + names.female
            assert sponsor["family_name"] in names.family


def test_uam_sponsors_bring_parents_and_siblings(sample):
    uam = [b["family"] for b in sample if b["family"]["members"][0]["uam"]]
    assert 0.05 * SAMPLE_SIZE < len(uam) < 0.15 * SAMPLE_SIZE
    for family in uam:
        assert {m["role"] for m in family["members"][1:]} <= {"parent", "sibling"}
    ended = [f for f in uam if any(e["type"] == "guardianship_ended" for e in f["events"])]
    assert ended


def test_year_only_birth_dates_are_common_for_eritreans(sample):
    eritreans = [m for b in sample for m in b["family"]["members"] if m["nationality"] == "ERI"]
    year_only = sum(len(m["birth_date"]) == 4 for m in eritreans) / len(eritreans)
    assert year_only > 0.3


def test_contacts_include_sponsor_mediated_and_child_interpreting(sample):
    contacts = [c for b in sample for c in b["family"]["contacts"]]
    assert any(not c["direct"] and c["via"] == "sponsor" for c in contacts)
    assert {c["interpreter"] for c in contacts} >= {"none", "phone", "professional"}
    child_interpreting = [
        b
        for b in sample
        if any(c["interpreter"].startswith(("child", "sibling")) for c in b["family"]["contacts"])
    ]
    assert 0.01 * SAMPLE_SIZE < len(child_interpreting) < 0.15 * SAMPLE_SIZE


def test_bsn_for_passes_the_eleven_test():
    rng = random.Random(1)
    assert all(is_valid_bsn(bsn_for(rng)) for _ in range(2000))


# --- shares against the reference figures ------------------------------------------------------


def test_nationality_of_reunifiers(shares):
    """§2.2 figure 5: almost 64% Syrian, 15% Eritrean (members in the application)."""
    assert abs(shares["SYR"] - SYR_SHARE) <= 5
    assert abs(shares["ERI"] - ERI_SHARE) <= 4


def test_sex_and_age_of_arrived_reunifiers(shares):
    """§2.2 figure 6: children 50.1% (69% of them 5-17); adult women ~4,200 against ~1,600 men,
    81% of the women aged 18-45."""
    assert abs(shares["children"] - CHILDREN_SHARE) <= 8
    assert shares["women_per_man"] >= 2
    assert abs(shares["women_per_man"] - WOMEN / MEN) <= 0.8
    assert abs(shares["children_5_17"] - CHILDREN_5_17) <= 8
    assert abs(shares["women_18_45"] - WOMEN_18_45) <= 8


def test_route_after_the_registration_centre(shares):
    """§2.3, §4.3: ~60% straight to the municipality, ~40% via an azc."""
    assert abs(shares["direct"] - ROUTE_DIRECT) <= 6


def test_families_spread_over_the_phases(shares):
    """Some still wait for a decision, some are refused, some arrived incomplete (§4.2)."""
    assert shares["waiting"] >= 5
    assert shares["refused"] >= 5
    assert shares["incomplete"] >= 15


def test_separation_lengths(shares):
    """study-sample §4.1: 7 of 15 families were separated more than two years."""
    assert abs(shares["separation_over_2_years"] - 100 * SEPARATION_OVER_2_YEARS) <= 12


def test_reunifiers_per_family_calibration_holds(sample):
    """The nationality weights divide by REUNIFIERS_PER_FAMILY; it must match the generator."""
    counts: Counter = Counter()
    sizes: Counter = Counter()
    for bundle in sample:
        nationality = bundle["family"]["members"][0]["nationality"]
        counts[nationality] += 1
        sizes[nationality] += len(_reunifiers(bundle["family"]))
    assert abs(sizes["SYR"] / counts["SYR"] - REUNIFIERS_PER_FAMILY["SYR"]) <= 0.15
    assert abs(sizes["ERI"] / counts["ERI"] - REUNIFIERS_PER_FAMILY["ERI"]) <= 0.3


@pytest.mark.parametrize("year", sorted(PROCESSING))
def test_processing_times_follow_figures_3_and_4(year):
    """§2.1: mean processing time and share decided within 90+90 days per year."""
    mean, within = PROCESSING[year]
    rng = random.Random(year)
    draws = [processing_days(rng, year) for _ in range(20000)]
    assert abs(sum(draws) / len(draws) - mean) <= 0.05 * mean
    assert abs(sum(d <= 180 for d in draws) / len(draws) - within) <= 0.03


def test_eritrean_applications_are_granted_less_often():
    """§2.2: grant rate ~70% on average, Eritrean 29% in 2017-H1."""
    granted: Counter = Counter()
    decided: Counter = Counter()
    for bundle in generate_bundles("0518", 3000, seed=9, as_of=datetime.date(2021, 1, 1)):
        family = bundle["family"]
        first = next((e for e in family["events"] if e["type"] == "decision"), None)
        if first is None:
            continue
        group = "ERI" if family["members"][0]["nationality"] == "ERI" else "other"
        decided[group] += 1
        granted[group] += first["outcome"] != "refused"
    assert abs(100 * granted["other"] / decided["other"] - 70) <= 6
    assert abs(100 * granted["ERI"] / decided["ERI"] - 29) <= 10


def test_reference_figures_match_the_reference_csv():
    """The targets above are the figures in the reference data (tests/fixtures/)."""
    with REPORT_FIGURES.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))

    def value(indicator: str, dimension: str, period: str | None = None) -> float:
        (match,) = [
            r
            for r in rows
            if r["indicator"] == indicator
            and r["dimension"] == dimension
            and period in (None, r["period"])
        ]
        return float(match["value"])

    assert value("reunifier_nationality_share", "nationality=SYR") == SYR_SHARE
    assert value("reunifier_nationality_share", "nationality=ERI") == ERI_SHARE
    assert value("route_after_registration_centre", "route=direct") == ROUTE_DIRECT
    assert value("reunifiers_by_sex_age", "sex=F;age=18+") == WOMEN
    assert value("reunifiers_by_sex_age", "sex=M;age=18+") == MEN
    assert value("share_of_adult_women_aged_18_45", "sex=F") == WOMEN_18_45
    assert value("share_of_children_aged_5_17", "age=0-17") == CHILDREN_5_17
    periods = {
        2015: ("2015", "2015"),
        2016: ("2016", "2016"),
        2017: ("2017-01..2017-04", "2017-Q1"),
    }
    for year, (mean_period, term_period) in periods.items():
        mean = value("ind_processing_time_mean", "all", mean_period)
        within = value("decided_within_legal_term", "all", term_period) / 100
        assert PROCESSING[year] == (mean, within)


def test_separation_target_matches_the_study_sample():
    """SEPARATION_OVER_2_YEARS is the study sample's figure (tests/fixtures/study-sample.csv)."""
    with STUDY_SAMPLE.open(encoding="utf-8") as fh:
        (row,) = [r for r in csv.DictReader(fh) if r["indicator"] == "separation_over_2_years"]
    assert int(row["value"]) / int(row["of"]) == SEPARATION_OVER_2_YEARS


# --- purity -----------------------------------------------------------------------------------


def test_module_reads_no_clock_and_no_global_random():
    """Every module of the package (speed is measured in bench/bench_generate.py)."""
    modules = sorted(Path(synthetic.__file__).parent.glob("*.py"))
    assert len(modules) > 1
    for module in modules:
        source = module.read_text(encoding="utf-8")
        for forbidden in ("today(", ".now(", "time.time(", "random.random(", "random.randint("):
            assert forbidden not in source, module.name
