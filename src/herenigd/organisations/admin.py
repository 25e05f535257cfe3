"""Municipalities and organisations are managed in the admin of the access layer
(`herenigd/access/admin.py`), which holds the audited admin base classes."""
