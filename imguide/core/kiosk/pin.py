"""The staff PIN: what leaves a kiosk. Only a salted scrypt hash is kept (hashlib's, with PBKDF2
where the Python build has no scrypt); a check compares in constant time. Each wrong try makes the
next one wait longer, so guessing a 6-digit PIN at the kiosk would take years."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import Any, Mapping

MIN_LENGTH = 6
SCRYPT = {"n": 2**15, "r": 8, "p": 1}  # about 0.1 s per check on the kiosk machines we have
PBKDF2_ROUNDS = 600_000
_MAX_MEMORY = 64 * 1024 * 1024


class PinError(ValueError):
    """A PIN that cannot be used, or a stored hash that cannot be read. One line."""


def pin_problem(pin: str) -> str | None:
    """Why this PIN is not good enough, or None."""
    if len(pin) < MIN_LENGTH:
        return f"the PIN must have at least {MIN_LENGTH} characters"
    if len(set(pin)) == 1 or pin in "01234567890" or pin in "98765432109":
        return "the PIN is too easy to guess (all the same, or a run of digits)"
    return None


def hash_pin(pin: str) -> dict[str, Any]:
    """The stored form of a new PIN: algorithm, parameters, salt and hash (hex)."""
    problem = pin_problem(pin)
    if problem:
        raise PinError(problem)
    salt = secrets.token_bytes(16)
    if hasattr(hashlib, "scrypt"):
        digest = hashlib.scrypt(pin.encode("utf-8"), salt=salt, dklen=32, maxmem=_MAX_MEMORY, **SCRYPT)
        return {"algorithm": "scrypt", **SCRYPT, "salt": salt.hex(), "hash": digest.hex()}
    digest = hashlib.pbkdf2_hmac("sha256", pin.encode("utf-8"), salt, PBKDF2_ROUNDS)
    return {"algorithm": "pbkdf2-sha256", "rounds": PBKDF2_ROUNDS, "salt": salt.hex(), "hash": digest.hex()}


def check_stored(stored: Any) -> None:
    """PinError unless `stored` is a hash this module can check."""
    if not isinstance(stored, Mapping):
        raise PinError("'pin' must be the mapping written by `imguide kiosk --set-pin`")
    try:
        bytes.fromhex(str(stored["salt"]))
        expected = bytes.fromhex(str(stored["hash"]))
        algorithm = stored["algorithm"]
        if algorithm == "scrypt":
            n, r, p = int(stored["n"]), int(stored["r"]), int(stored["p"])
            if n < 2**14 or n & (n - 1) or not 1 <= r <= 32 or not 1 <= p <= 16:
                raise PinError("the stored PIN's scrypt parameters are too weak or not valid")
        elif algorithm == "pbkdf2-sha256":
            if int(stored["rounds"]) < 100_000:
                raise PinError("the stored PIN's PBKDF2 rounds are too few")
        else:
            raise PinError(f"unknown PIN algorithm '{algorithm}'")
    except (KeyError, TypeError, ValueError) as error:
        if isinstance(error, PinError):
            raise
        raise PinError("the stored PIN is damaged: set it again with `imguide kiosk --set-pin`") from None
    if len(expected) < 16:
        raise PinError("the stored PIN is damaged: set it again with `imguide kiosk --set-pin`")


def pin_matches(pin: str, stored: Mapping[str, Any]) -> bool:
    check_stored(stored)
    salt = bytes.fromhex(stored["salt"])
    expected = bytes.fromhex(stored["hash"])
    if stored["algorithm"] == "scrypt":
        n, r, p = int(stored["n"]), int(stored["r"]), int(stored["p"])
        digest = hashlib.scrypt(pin.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=len(expected), maxmem=_MAX_MEMORY)
    else:
        digest = hashlib.pbkdf2_hmac("sha256", pin.encode("utf-8"), salt, int(stored["rounds"]), dklen=len(expected))
    return hmac.compare_digest(digest, expected)


@dataclass
class Attempts:
    """Wrong tries in a row, and how long the next try must wait: nothing after the first, then
    2, 4, 8... seconds, at most 5 minutes. A right PIN starts over."""

    wrong: int = 0
    max_wait: float = 300.0

    def failed(self) -> float:
        """Count a wrong try; returns the seconds before the next try is taken."""
        self.wrong += 1
        return 0.0 if self.wrong < 2 else min(self.max_wait, 2.0 ** (self.wrong - 1))

    def succeeded(self) -> None:
        self.wrong = 0
