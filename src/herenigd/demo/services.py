"""The deterministic demo: the three municipalities of the report (§1.2), their chain
organisations, synthetic families shaped like the report's figures, and one account per role.

Idempotent: what exists is kept; only what is missing is created.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

from herenigd.access.models import Involvement, MemberAccount, Professional, Role
from herenigd.casefile.bundles import family_import_bundle
from herenigd.demo.synthetic import generate_bundles
from herenigd.families.models import Family, Person
from herenigd.organisations.models import Municipality, Organisation, OrganisationType
from herenigd.rules.models import AttentionPoint, PointOrigin, Sensitivity

T = OrganisationType

#: The municipalities where the report's families and professionals were interviewed (§1.2).
MUNICIPALITIES = {"0518": "'s-Gravenhage", "0268": "Nijmegen", "0141": "Almelo"}

_REGION = {"0518": "Haaglanden", "0268": "Gelderland-Zuid", "0141": "Twente"}

#: Organisation types in the demo, with a name pattern ({m} municipality, {r} region).
DEMO_ORGANISATIONS = [
    (T.MUNICIPALITY, "Gemeente {m}"),
    (T.SOCIAL_GUIDANCE, "VluchtelingenWerk {m}"),
    (T.GGD, "GGD {r}"),
    (T.JGZ, "Jeugdgezondheidszorg {r}"),
    (T.GP, "Huisartsenpraktijk De Linde {m}"),
    (T.SCHOOL, "ISK {m}"),
    (T.WIJKTEAM, "Sociaal Wijkteam {m}"),
    (T.VEILIG_THUIS, "Veilig Thuis {r}"),
    (T.NIDOS, "Nidos regio {r}"),
    (T.COA, "COA locatie {m}"),
    (T.WELFARE, "Welzijn {m}"),
    (T.INTERPRETER_SERVICE, "Tolkencentrum {r}"),
]

#: Which organisation type each demo role works for.
ROLE_ORGANISATION = {
    Role.REGISSEUR: T.MUNICIPALITY,
    Role.SOCIAL_GUIDANCE: T.SOCIAL_GUIDANCE,
    Role.JGZ_NURSE: T.JGZ,
    Role.GGD: T.GGD,
    Role.GP: T.GP,
    Role.SCHOOL: T.SCHOOL,
    Role.WIJKTEAM: T.WIJKTEAM,
    Role.VEILIG_THUIS: T.VEILIG_THUIS,
    Role.NIDOS_GUARDIAN: T.NIDOS,
    Role.COA_SCREENER: T.COA,
    Role.INTERPRETER_COORDINATOR: T.INTERPRETER_SERVICE,
    Role.WELFARE: T.WELFARE,
    Role.KEY_PERSON: T.WELFARE,
    Role.RESEARCHER: T.GGD,
    Role.ADMINISTRATOR: T.MUNICIPALITY,
}

DEMO_MUNICIPALITY = "0268"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    organisation: str


@dataclass(frozen=True)
class DemoResult:
    families_created: int
    families_total: int
    accounts: list[DemoAccount]


_SLUG = {"0518": "denhaag", "0268": "nijmegen", "0141": "almelo"}


def demo_username(role: str, municipality_code: str = DEMO_MUNICIPALITY) -> str:
    base = role.replace("_", "-")
    if municipality_code == DEMO_MUNICIPALITY:
        return base
    return f"{base}-{_SLUG[municipality_code]}"


def demo_load(
    *, families_per_municipality: int, seed: int, as_of: datetime.date, password: str
) -> DemoResult:
    created = 0
    with transaction.atomic():
        organisations = _organisations()
        for code in MUNICIPALITIES:
            existing = set(
                Family.objects.filter(municipality__code=code).values_list("reference", flat=True)
            )
            bundles = generate_bundles(code, families_per_municipality, seed=seed, as_of=as_of)
            for bundle in bundles:
                if bundle["family"]["reference"] not in existing:
                    family = family_import_bundle(data=bundle).family
                    _involve(family, bundle["family"], organisations, as_of)
                    created += 1
        accounts = _accounts(organisations, password)
        accounts.append(_sponsor_account(organisations, password, as_of))
    total = Family.objects.filter(municipality__code__in=MUNICIPALITIES).count()
    return DemoResult(families_created=created, families_total=total, accounts=accounts)


def _involve(family, bundle_family, organisations, as_of: datetime.date) -> None:
    """Which organisations work with a demo family, following its make-up: social guidance and
    the GP once someone arrived, JGZ and school for children, COA for those who went via an
    azc, Nidos for (ex-)UAM sponsors, and some families with the neighbourhood team or welfare."""
    events = bundle_family.get("events", [])
    arrivals = sorted(e["date"] for e in events if e["type"] == "arrival")
    members = bundle_family["members"]
    code = family.municipality.code
    wanted = []
    if arrivals:
        wanted += [T.SOCIAL_GUIDANCE, T.GP]
        if any(m["role"] == "child" for m in members):
            wanted += [T.JGZ, T.SCHOOL]
        if any(e["type"] == "moved" and e.get("route") == "via_azc" for e in events):
            wanted.append(T.COA)
        if sum(map(ord, family.reference)) % 5 == 0:
            wanted.append(T.WIJKTEAM)
        if sum(map(ord, family.reference)) % 3 == 0:
            wanted.append(T.WELFARE)
    if any(m["role"] == "sponsor" and m.get("uam") for m in members):
        wanted.append(T.NIDOS)
    start = datetime.date.fromisoformat(arrivals[0]) if arrivals else as_of
    for org_type in wanted:
        Involvement.objects.create(
            organisation=organisations[(code, org_type)], family=family, started_on=start
        )


def _organisations() -> dict[tuple[str, str], Organisation]:
    out = {}
    for code, name in MUNICIPALITIES.items():
        municipality, _ = Municipality.objects.get_or_create(code=code, defaults={"name": name})
        display = "Den Haag" if code == "0518" else name
        for org_type, pattern in DEMO_ORGANISATIONS:
            org, _ = Organisation.objects.get_or_create(
                municipality=municipality,
                name=pattern.format(m=display, r=_REGION[code]),
                defaults={"type": org_type},
            )
            out[(code, org_type)] = org
    return out


SPONSOR_USERNAME = "sponsor"


def _sponsor_account(organisations, password: str, as_of: datetime.date) -> DemoAccount:
    """A sponsor's own account, in a Nijmegen family whose partner told social guidance she
    wants to live apart (confidential): the sponsor must never see that, nor her health data."""
    user_model = get_user_model()
    user = user_model.objects.filter(username=SPONSOR_USERNAME).first()
    if user is None:
        partner = (
            Person.objects.filter(
                family__municipality__code=DEMO_MUNICIPALITY,
                role="partner",
                events__type="arrival",
            )
            .select_related("family")
            .order_by("family__reference")
            .first()
        )
        sponsor = partner.family.members.get(role="sponsor")
        user = user_model(username=SPONSOR_USERNAME)
        user.set_password(password)
        user.save()
        MemberAccount.objects.create(user=user, person=sponsor)
        social_guidance = organisations[(DEMO_MUNICIPALITY, T.SOCIAL_GUIDANCE)]
        AttentionPoint.objects.create(
            family=partner.family,
            person=partner,
            subject=partner.key,
            code="SEPARATE_LIVING_WISH",
            origin=PointOrigin.MANUAL,
            sensitivity=Sensitivity.CONFIDENTIAL,
            responsible_type=T.SOCIAL_GUIDANCE,
            note="Partner gaf in het gesprek aan apart te willen wonen (demo).",
            raised_on=as_of,
            recorded_by_organisation=social_guidance,
        )
    family = user.member_account.person.family
    return DemoAccount(SPONSOR_USERNAME, "sponsor (family member)", family.reference)


def _accounts(organisations, password: str) -> list[DemoAccount]:
    user_model = get_user_model()
    wanted = [(role, DEMO_MUNICIPALITY) for role in Role.values]
    wanted += [(Role.REGISSEUR, code) for code in MUNICIPALITIES if code != DEMO_MUNICIPALITY]
    accounts = []
    for role, code in wanted:
        organisation = organisations[(code, ROLE_ORGANISATION[role])]
        username = demo_username(role, code)
        user = user_model.objects.filter(username=username).first()
        if user is None:
            user = user_model(username=username, is_staff=True)
            user.is_superuser = role == Role.ADMINISTRATOR
            user.set_password(password)
            user.save()
            Professional.objects.create(user=user, organisation=organisation, role=role)
        accounts.append(DemoAccount(username, role, organisation.name))
    return accounts
