"""The keyed primitives of the audit trail (docs/decisions/0002-audit-trail.md).

Pure functions of the key and plain values, no model imports, so a migration can use them.
Each MAC is HMAC-SHA256 with a domain prefix, so an event MAC, a chain link and a head MAC can never
be swapped for one another.
"""

from __future__ import annotations

import hashlib
import hmac
import json

GENESIS = "0" * 64


def _mac(key: str, payload: str) -> str:
    return hmac.new(key.encode(), payload.encode(), hashlib.sha256).hexdigest()


def canonical_json(value) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def event_mac(key: str, fields: dict) -> str:
    """The MAC of one event's content, written with the event (no lock, no predecessor)."""
    return _mac(key, "event|" + canonical_json(fields))


def chain_link(key: str, prev_chain: str, seq: int, event_id: int, mac: str) -> str:
    """The sealer's link: binds an event (its id and MAC) to its place in the sequence."""
    return _mac(key, f"chain|{prev_chain}|{seq}|{event_id}|{mac}")


def head_mac(key: str, last_seq: int, last_id: int, last_chain: str) -> str:
    return _mac(key, f"head|{last_seq}|{last_id}|{last_chain}")


def same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())
