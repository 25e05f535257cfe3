"""`herenigd attention --municipality CODE --family REF [--as-of DATE] [--json]`."""

from herenigd.rules.management.base import FamilyRuleCommand
from herenigd.rules.selectors import family_evaluation


class Command(FamilyRuleCommand):
    help = "The attention points that are active for one family at a date (rules.md)."
    audit_detail = "attention"
    columns = ("code", "person", "sensitivity", "reason")

    def rows(self, family, as_of, language):
        return [
            {
                "code": p.code,
                "person": p.person,
                "family": family.reference,
                "reason": p.reason(language),
                "sensitivity": p.sensitivity,
            }
            for p in family_evaluation(family=family, as_of=as_of).attention
        ]
