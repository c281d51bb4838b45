"""Join codes, facilitator keys and the optional app-wide password.

A join code is 9 symbols of Crockford's base32 (45 bits of randomness), shown
as ``7KQ-M2X-9RD``: no I, L, O or U to misread from a projector, and typing
O for 0 or I/L for 1 still works.

A facilitator key is 25 symbols of the same alphabet (125 bits), shown in five groups. A key
someone types instead must be as hard to guess as 64 random bits. Keys are stored only as a
salted, slow scrypt hash; a short, fast lookup prefix (16 bits of SHA-256) finds the few
candidates to check without naming the key.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import math
import secrets
from collections import OrderedDict
from collections.abc import Iterable
from threading import Lock

from zxcvbn import zxcvbn  # type: ignore[import-untyped]

from .errors import InputError

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


KEY_GROUPS, KEY_GROUP = 5, 5
MIN_KEY_BITS = 64
"""How hard a typed key must be to guess, in bits (zxcvbn's estimate; the session's names count as words)."""
MAX_KEY_LENGTH = 200
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
"""scrypt's cost: 16 MB of memory and about 0.1 s a hash on the server; a verified key is then kept in
memory (as its SHA-256, never the key), so each server checks each key once."""
LEGACY = "sha256$"
"""Hashes written before migration 7: plain SHA-256, replaced by scrypt the next time the key is used."""


def new_facilitator_key() -> str:
    """A fresh key of 125 random bits, readable aloud: ``7KQM2-X9RDA-4HXPW-QT8ZC-M2X9R``."""
    raw = "".join(secrets.choice(ALPHABET) for _ in range(KEY_GROUPS * KEY_GROUP))
    return "-".join(raw[i : i + KEY_GROUP] for i in range(0, len(raw), KEY_GROUP))


def clean_key(key: str | None) -> str:
    """A key as typed, without the spaces around it (copying often adds them)."""
    return (key or "").strip()


def key_strength_bits(key: str, known_words: Iterable[str] = ()) -> float:
    """How many random bits guessing this key is worth, by zxcvbn; ``known_words`` (the session's names,
    which anyone can read off the projector) count as words an attacker tries first."""
    words = [w for text in known_words for w in [text, *text.split()] if w]
    guesses_log10 = zxcvbn(key[:MAX_KEY_LENGTH], user_inputs=words)["guesses_log10"]
    return float(guesses_log10) / math.log10(2)


def check_new_key(key: str, known_words: Iterable[str] = ()) -> str:
    """A key someone chose for new sessions, when it is hard enough to guess; ``InputError`` else."""
    key = clean_key(key)
    if len(key) > MAX_KEY_LENGTH:
        raise InputError(
            f"A facilitator key has at most {MAX_KEY_LENGTH} characters; this one has {len(key)}."
        )
    if key_strength_bits(key, known_words) < MIN_KEY_BITS:
        raise InputError(
            f"That facilitator key is too easy to guess: a key needs the strength of {MIN_KEY_BITS} random "
            "bits (for example 25 random letters and digits, or six or more unrelated words). Leave the box "
            "empty to get a strong key made for you, or type the key you got for your earlier sessions."
        )
    return key


def key_lookup(key: str) -> str:
    """The first 16 bits of the key's SHA-256, in hex: finds the few stored keys to check."""
    return hashlib.sha256(clean_key(key).encode("utf-8")).hexdigest()[:4]


def hash_key(key: str) -> str:
    """``scrypt$N$r$p$salt$hash`` of the key, salted afresh."""
    salt = secrets.token_bytes(16)
    digest = _scrypt(clean_key(key), salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return "$".join(["scrypt", str(SCRYPT_N), str(SCRYPT_R), str(SCRYPT_P), _b64(salt), _b64(digest)])


def is_legacy(stored_hash: str) -> bool:
    """Whether a stored hash is the old plain SHA-256 that the next use replaces."""
    return stored_hash.startswith(LEGACY)


class _Verified:
    """Keys this server has verified, as (stored hash, SHA-256 of the key): scrypt runs once per key."""

    def __init__(self, size: int = 4096):
        self._seen: OrderedDict[tuple[str, str], None] = OrderedDict()
        self._size, self._lock = size, Lock()

    def __contains__(self, item: tuple[str, str]) -> bool:
        with self._lock:
            if item in self._seen:
                self._seen.move_to_end(item)
                return True
            return False

    def add(self, item: tuple[str, str]) -> None:
        with self._lock:
            self._seen[item] = None
            while len(self._seen) > self._size:
                self._seen.popitem(last=False)


VERIFIED = _Verified()


def key_matches(key: str | None, stored_hash: str) -> bool:
    """Whether ``key`` is the key behind ``stored_hash`` (scrypt, or a legacy SHA-256)."""
    key = clean_key(key)
    if not key or not stored_hash:
        return False
    fingerprint = hashlib.sha256(key.encode("utf-8")).hexdigest()
    if is_legacy(stored_hash):
        return hmac.compare_digest(fingerprint, stored_hash.removeprefix(LEGACY))
    if (stored_hash, fingerprint) in VERIFIED:
        return True
    try:
        scheme, n, r, p, salt, digest = stored_hash.split("$")
        expected = base64.b64decode(digest)
        found = _scrypt(key, base64.b64decode(salt), int(n), int(r), int(p))
    except (ValueError, TypeError):
        return False
    matches = scheme == "scrypt" and hmac.compare_digest(found, expected)
    if matches:
        VERIFIED.add((stored_hash, fingerprint))
    return matches


def _scrypt(key: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(key.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=2**26, dklen=32)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def password_ok(given: str | None, expected: str | None) -> bool:
    """True when no app password is set, or the given one matches it."""
    if not expected:
        return True
    return given is not None and hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))
