"""`herenigd deadlines --municipality CODE --family REF [--as-of DATE] [--json]`."""

from herenigd.rules.management.base import FamilyRuleCommand
from herenigd.rules.selectors import family_evaluation


class Command(FamilyRuleCommand):
    help = "The legal and agreed deadlines of one family and their status at a date (rules.md)."
    audit_detail = "deadlines"
    columns = ("code", "person", "due", "status")

    def rows(self, family, as_of, language):
        return [
            {"code": d.code, "person": d.person, "due": d.due.isoformat(), "status": d.status}
            for d in family_evaluation(family=family, as_of=as_of).deadlines
        ]
