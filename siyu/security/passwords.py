"""Password hashing with scrypt (standard library), stored as one self-describing string.

Format: ``scrypt$<n>$<r>$<p>$<salt hex>$<hash hex>`` so parameters can be raised later without
invalidating existing hashes.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

_N, _R, _P = 2**14, 8, 1
_DKLEN = 32


def _derive(plain: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(plain.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=_DKLEN, maxmem=2**26)


def hash_password(plain: str) -> str:
    """Hash ``plain`` with a fresh random salt."""
    salt = secrets.token_bytes(16)
    digest = _derive(plain, salt, _N, _R, _P)
    return f"scrypt${_N}${_R}${_P}${salt.hex()}${digest.hex()}"


def verify_password(plain: str, hashed: str) -> bool:
    """True when ``plain`` matches ``hashed``; False for a wrong password or a malformed hash."""
    try:
        scheme, n, r, p, salt_hex, digest_hex = hashed.split("$")
        if scheme != "scrypt":
            return False
        digest = _derive(plain, bytes.fromhex(salt_hex), int(n), int(r), int(p))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(digest, bytes.fromhex(digest_hex))
