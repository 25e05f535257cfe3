"""No admin screens for families on purpose.

Family, Person, Contact, plan goals and actions and family observations are personal data: they
are read only through the access layer and written only through the services (web, API, CLI),
where every read and write is checked and audited. The admin is for management; see
`herenigd/access/admin.py` and docs/privacy.md 'What the admin may show'.
"""
