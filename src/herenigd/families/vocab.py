"""Field vocabularies of persons and contacts.

Sources: product.md 'Core data', rules.md 'Case bundle fields'.

The JSON Schema of the case bundle repeats these values; a test keeps the two identical.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class FamilyRole(models.TextChoices):
    SPONSOR = "sponsor", _("Sponsor")
    PARTNER = "partner", _("Partner")
    CHILD = "child", _("Child")
    PARENT = "parent", _("Parent")
    SIBLING = "sibling", _("Brother or sister")
    OTHER = "other", _("Other")


class Sex(models.TextChoices):
    FEMALE = "F", _("Female")
    MALE = "M", _("Male")
    OTHER = "X", _("Other / unknown")


class DutchLevel(models.TextChoices):
    NONE = "none", _("None")
    A0 = "A0", "A0"
    A1 = "A1", "A1"
    A2 = "A2", "A2"
    B1 = "B1", "B1"
    B2 = "B2", "B2"
    C1 = "C1", "C1"
    C2 = "C2", "C2"


class Location(models.TextChoices):
    ABROAD = "abroad", _("Abroad")
    IN_NL = "in_nl", _("In the Netherlands")
    MISSING = "missing", _("Missing")
    DECEASED = "deceased", _("Deceased")


class BirthDatePrecision(models.TextChoices):
    DAY = "day", _("Exact date")
    YEAR = "year", _("Year only")


class InterpreterKind(models.TextChoices):
    """Interpreter used in a contact; `member` means a family member interpreted (rules.md)."""

    NONE = "none", _("No interpreter")
    PROFESSIONAL = "professional", _("Professional interpreter (in person)")
    PHONE = "phone", _("Telephone interpreter")
    MEMBER = "member", _("A family member")
