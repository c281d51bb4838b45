"""Join codes, facilitator keys and the optional app-wide password.

A join code is 9 symbols of Crockford's base32 (45 bits of randomness), shown
as ``7KQ-M2X-9RD``: no I, L, O or U to misread from a projector, and typing
O for 0 or I/L for 1 still works.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 9
_TYPOS = str.maketrans({"O": "0", "I": "1", "L": "1"})


def new_join_code() -> str:
    """A fresh random join code, formatted for reading aloud: ``XXX-XXX-XXX``."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
    return format_code(raw)


def format_code(raw: str) -> str:
    return "-".join(raw[i : i + 3] for i in range(0, len(raw), 3))


def normalise_code(text: str) -> str | None:
    """The canonical form of a typed join code, or ``None`` when it cannot be one."""
    raw = "".join(ch for ch in text.upper() if ch not in " -_.").translate(_TYPOS)
    if len(raw) != CODE_LENGTH or any(ch not in ALPHABET for ch in raw):
        return None
    return format_code(raw)


def new_facilitator_key() -> str:
    """A secret of 128 bits for the facilitator; only its hash is stored."""
    return secrets.token_urlsafe(16)


def hash_key(key: str) -> str:
    return hashlib.sha256(key.strip().encode("utf-8")).hexdigest()


def key_matches(key: str | None, stored_hash: str) -> bool:
    return key is not None and hmac.compare_digest(hash_key(key), stored_hash)


def password_ok(given: str | None, expected: str | None) -> bool:
    """True when no app password is set, or the given one matches it."""
    if not expected:
        return True
    return given is not None and hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))
