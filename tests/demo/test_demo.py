"""The demo: deterministic, idempotent, shaped like the report, an account per role."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from herenigd.access.models import MemberAccount, Professional, Role
from herenigd.access.reasons import point_reason
from herenigd.casefile.bundles import family_export_bundles
from herenigd.demo.services import MUNICIPALITIES, demo_load
from herenigd.families.models import Family, Person
from herenigd.organisations.models import Organisation
from herenigd.rules.facts import Member
from herenigd.rules.models import AttentionPoint

pytestmark = pytest.mark.django_db
AS_OF = datetime.date(2026, 11, 1)


def load(**kwargs):
    return demo_load(
        families_per_municipality=kwargs.get("families", 60),
        seed=2018,
        as_of=kwargs.get("as_of", AS_OF),
        password="demo-password-123",
    )


def test_demo_loads_three_municipalities_with_60_families_each_and_is_idempotent(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=False):
        first = load()
        snapshot = family_export_bundles(families=list(Family.objects.order_by("id")))
        second = load()
        a_month_later = load(as_of=AS_OF + datetime.timedelta(days=30))
    assert first.families_created == 180
    assert (second.families_created, a_month_later.families_created) == (0, 0)
    assert family_export_bundles(families=list(Family.objects.order_by("id"))) == snapshot
    counts = {
        code: Family.objects.filter(municipality__code=code).count() for code in MUNICIPALITIES
    }
    assert counts == {"0518": 60, "0268": 60, "0141": 60}
    assert get_user_model().objects.count() == len(Role.values) + 3  # + 2 regisseurs, sponsor


def test_demo_has_an_account_per_role_and_the_chain_organisations(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=False):
        result = load(families=2)
    assert {a.role for a in result.accounts} == {*Role.values, "sponsor (family member)"}
    for code in MUNICIPALITIES:
        types = set(
            Organisation.objects.filter(municipality__code=code).values_list("type", flat=True)
        )
        assert {
            "social_guidance",
            "jgz",
            "ggd",
            "gp",
            "school",
            "wijkteam",
            "veilig_thuis",
            "nidos",
            "coa",
            "welfare",
            "municipality",
        } <= types
    admin = get_user_model().objects.get(username="administrator")
    assert admin.is_superuser and admin.check_password("demo-password-123")
    assert (
        Professional.objects.get(user__username="regisseur-almelo").organisation.municipality.code
        == "0141"
    )


def test_demo_families_follow_the_reference_figures(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        load()
    reunifiers = Person.objects.exclude(role="sponsor").exclude(travelled_with_sponsor=True)
    syrian = reunifiers.filter(nationality="SYR").count() / reunifiers.count()
    assert 0.50 < syrian < 0.78  # 64% (§2.2 figure 5); a sample of 180 families
    arrived_direct = Family.objects.filter(events__type="moved", events__route="direct").distinct()
    assert arrived_direct.exists()


def test_demo_command_prints_the_accounts(capsys, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        call_command("demo", families=1, as_of="2026-11-01")
    out = capsys.readouterr().out
    assert "regisseur" in out and "Demo accounts" in out


def test_demo_sponsor_sees_none_of_the_partners_confidential_or_health_data(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        load(families=3)
    sponsor = get_user_model().objects.get(username="sponsor")
    family = MemberAccount.objects.get(user=sponsor).person.family
    secret = AttentionPoint.objects.get(family=family, code="SEPARATE_LIVING_WISH")
    client.force_login(sponsor)
    pages = ["/", "/api/v1/families/", f"/api/v1/families/{family.pk}/", "/admin/"]
    members = {
        m.key: Member(key=m.key, role=m.role, given_name=m.given_name) for m in family.members.all()
    }
    health = [
        point_reason(p, members, language)
        for p in AttentionPoint.objects.filter(family=family, sensitivity="health")
        for language in ("nl", "en")
    ]
    secrets = [point_reason(secret, members, language) for language in ("nl", "en")]
    for url in pages:
        body = client.get(url).content.decode()
        assert all(text not in body for text in secrets), url
        assert "SEPARATE_LIVING_WISH" not in body, url
        assert all(reason not in body for reason in health), url
