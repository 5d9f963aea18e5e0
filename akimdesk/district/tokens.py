"""Office tokens: random, shown once, stored as a SHA-256.

Tokens carry 256 random bits, so a fast hash is enough: the slow password hashes exist to
protect guessable secrets, and a per-request argon2 would cost the server its throughput.
"""

from __future__ import annotations

import hashlib
import secrets

PREFIX = "akd_"


def new_token() -> str:
    return PREFIX + secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.strip().encode()).hexdigest()


def hint(token: str) -> str:
    return token[:10]
