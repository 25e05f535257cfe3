"""No raw vocabulary code in the visible text of any page (issue 11, point 3).

For a sample of roles, a professional with a verified second factor GETs every URL pattern of the
urlconf (tests/access/urlwalk.py) with every id that exists, in the Dutch interface (the
default, and Accept-Language nl). The visible text — text nodes only: no <script>, <style> or
attribute values — must hold no vocabulary code as a whole word: attention and deadline codes,
event types, outcomes, routes, destinations, topics, interpreter kinds, sensitivities, roles,
organisation types, family roles, locations, data categories, deadline statuses, and the
nationality and language codes of the people in the database.

Matching is case-sensitive and whole-word (a code's underscores are part of the word), so
"IND" in "Immigratiedienst (IND)" is not the code `ind`. The allow-list holds only codes that are
also ordinary Dutch words and so appear in correct Dutch text:
  school      — "school" (Dutch: school; also the role and organisation code)
  partner     — "partner" (Dutch: partner; the family role code)
  wijkteam    — "wijkteam" (Dutch: neighbourhood team; role and organisation code)
  direct      — "direct" (Dutch: directly; a contact made directly; the route code)
  procedure   — "procedure" (Dutch: procedure; the data category code)
  open, met   — deadline statuses that are Dutch words ("open"; "met" = with)
  en          — "en" (Dutch: and), also the language code of English
  azc         — "azc" (Dutch: asylum seekers' centre, written in lower case in running text;
                the destination code)
Language codes of two or three letters are otherwise checked everywhere (no Dutch word is "ar",
"fa", "ti" or "so"), so a list like "ar, fa" or "ar/fa" fails.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.test import Client

from herenigd.access.categories import Category
from herenigd.access.models import Role
from herenigd.families.models import Person
from herenigd.families.vocab import FamilyRole, InterpreterKind, Location
from herenigd.organisations.models import OrganisationType
from herenigd.rules.labels import ATTENTION_LABELS, DEADLINE_LABELS
from herenigd.timeline.vocab import Destination, EventType, Outcome, Route, Topic
from herenigd.vocab import SENSITIVITIES
from herenigd.web.templatetags.herenigd import dmy
from tests.access import urlwalk
from tests.world import login_verified

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("quiet_request_log")]

#: Codes that are also Dutch words (see the module docstring for each).
ALLOWED = frozenset(
    {"school", "partner", "wijkteam", "direct", "procedure", "open", "met", "en", "azc"}
)

STATUSES = ("met", "met_late", "open", "overdue", "expired")

ROLES = list(Role.values)


def vocabulary_codes() -> set[str]:
    codes: set[str] = set(ATTENTION_LABELS) | set(DEADLINE_LABELS) | set(SENSITIVITIES)
    for choices in (
        EventType,
        Outcome,
        Route,
        Destination,
        Topic,
        InterpreterKind,
        Role,
        OrganisationType,
        FamilyRole,
        Location,
        Category,
    ):
        codes.update(choices.values)
    codes.update(STATUSES)
    for nationality, languages in Person.objects.values_list("nationality", "languages"):
        if nationality:
            codes.add(nationality)
        codes.update(languages or ())
    return codes - ALLOWED


class _Text(HTMLParser):
    """Collects the text nodes outside <script> and <style>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    parser.close()
    return " ".join(parser.parts)


#: A word: codes hold letters, digits and underscores; a hyphen joins a word too, so a marker
#: like "MRK-INTAKE" of the test data is not the code INTAKE.
_WORD = re.compile(r"[A-Za-z0-9_]+(?:-[A-Za-z0-9_]+)*")


def raw_codes(text: str, codes: set[str]) -> set[str]:
    return {w for w in _WORD.findall(text) if w in codes}


def test_visible_text_keeps_text_nodes_only():
    html = '<p title="arrival">Aankomst <b>van</b> Rana</p><script>var x="decision"</script>'
    assert visible_text(html).split() == ["Aankomst", "van", "Rana"]
    assert raw_codes("tolk: phone — health_care; ar/fa", {"phone", "health_care", "ar", "fa"}) == {
        "phone",
        "health_care",
        "ar",
        "fa",
    }
    assert raw_codes("Immigratiedienst (IND)", {"ind"}) == set()
    assert raw_codes("MRK-INTAKE", {"INTAKE"}) == set()


def _neutral_names(world) -> None:
    """The world's users and organisations are named after role and organisation codes
    ("regisseur", "municipality 0268"): names are data, not vocabulary, so give them names
    that cannot be mistaken for a code."""
    for n, user in enumerate(world.users.values()):
        user.username = f"medewerker{n}"
        user.save(update_fields=["username"])
    for n, org in enumerate([*world.orgs.values(), *world.other_orgs.values()]):
        org.name = f"Organisatie {n}"
        org.save(update_fields=["name"])


@pytest.mark.parametrize("role", ROLES)
def test_no_page_shows_a_raw_code(world, role):
    _neutral_names(world)
    codes = vocabulary_codes()
    client = Client(HTTP_ACCEPT_LANGUAGE="nl")
    login_verified(client, world.users[role])
    problems = []
    for concrete in urlwalk.concrete_urls(urlwalk.url_patterns()):
        if concrete.pattern.name.startswith("api:"):
            continue  # JSON for machines: codes are its contract
        response = client.get(concrete.url)
        if response.status_code >= 500:
            problems.append(f"{concrete.url}: status {response.status_code}")
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        found = raw_codes(visible_text(response.content.decode()), codes)
        if found:
            problems.append(f"{concrete.url}: {sorted(found)}" + _context(response, found))
    assert not problems, "raw codes in visible text:\n" + "\n".join(problems)


def _context(response, found) -> str:
    text = " ".join(visible_text(response.content.decode()).split())
    shown = []
    for code in sorted(found)[:3]:
        match = re.search(rf"(?<![A-Za-z0-9_]){re.escape(code)}(?![A-Za-z0-9_])", text)
        if match:
            shown.append(repr(text[max(0, match.start() - 50) : match.end() + 30]))
    return "\n    " + "\n    ".join(shown)


@pytest.mark.parametrize(
    ("text", "shown"),
    [("1978-03-14", "14-3-1978"), ("1983", "1983"), ("2017-02-30", "2017-02-30"), (None, None)],
)
def test_dates_are_written_one_way(text, shown):
    """One date format on a page (issue 11): d-m-yyyy, as in reasons and the timeline."""
    assert dmy(text) == shown
