"""The kiosk's configuration: one small YAML file, owner-only, next to no other state.

    pin: {algorithm: scrypt, n: 32768, r: 8, p: 1, salt: ..., hash: ...}   # `imguide kiosk --set-pin`
    idle_seconds: 180        # no key or click this long: a countdown, then the wipe
    countdown_seconds: 30    # how long the countdown shows before the wipe
    retention_days: 30       # exports older than this are deleted, at start and daily
    outbox: /srv/imguide/outbox   # where "I am done" exports go (default: the user's outbox)

Command-line options win over the file. Every problem is one line naming the file and the key.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml

from imguide.core.export.outbox import RETENTION_DAYS, ensure_private_dir, write_atomic
from imguide.core.kiosk.pin import PinError, check_stored

IDLE_SECONDS = 180
COUNTDOWN_SECONDS = 30
MIN_IDLE_SECONDS = 5
MAX_SECONDS = 24 * 3600
MAX_CONFIG_BYTES = 64 * 1024
KEYS = ("pin", "idle_seconds", "countdown_seconds", "retention_days", "outbox")


class ConfigError(ValueError):
    """The configuration cannot be used; the message names the file and what is wrong."""


@dataclass(frozen=True)
class KioskConfig:
    pin: dict | None = None
    idle_seconds: int = IDLE_SECONDS
    countdown_seconds: int = COUNTDOWN_SECONDS
    retention_days: float = RETENTION_DAYS
    outbox: Path | None = None

    def with_options(self, idle_seconds: int | None = None, outbox: Path | None = None) -> "KioskConfig":
        """The command line's options over the file's values."""
        changed = self
        if idle_seconds is not None:
            changed = replace(changed, idle_seconds=idle_seconds, countdown_seconds=min(changed.countdown_seconds, max(1, idle_seconds // 2)))
        if outbox is not None:
            changed = replace(changed, outbox=outbox)
        return changed


def default_config_path() -> Path:
    """$IMGUIDE_KIOSK_CONFIG, else $XDG_CONFIG_HOME/imguide/kiosk.yaml, else ~/.config/imguide/kiosk.yaml."""
    explicit = os.environ.get("IMGUIDE_KIOSK_CONFIG")
    if explicit:
        return Path(explicit).expanduser()
    base = os.environ.get("XDG_CONFIG_HOME")
    folder = Path(base).expanduser() if base and Path(base).is_absolute() else Path.home() / ".config"
    return folder / "imguide" / "kiosk.yaml"


def seconds(value: Any, name: str, low: int = MIN_IDLE_SECONDS) -> int:
    """A whole number of seconds between `low` and a day (ValueError with a reason otherwise)."""
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise ValueError(f"{name} must be a whole number of seconds")
    try:
        number = int(str(value).strip())
    except ValueError:
        raise ValueError(f"{name} must be a whole number of seconds, not '{value}'") from None
    if not low <= number <= MAX_SECONDS:
        raise ValueError(f"{name} must be between {low} and {MAX_SECONDS} seconds")
    return number


def read_config(path: Path, must_exist: bool = False) -> KioskConfig:
    """The configuration in `path` (the defaults when it does not exist, unless `must_exist`)."""
    where = str(path)
    try:
        if path.stat().st_size > MAX_CONFIG_BYTES:
            raise ConfigError(f"{where}: the file is larger than a kiosk configuration can be")
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        if must_exist:
            raise ConfigError(f"{where}: no such file") from None
        return KioskConfig()
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{where}: cannot read it ({getattr(error, 'strerror', None) or error})") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f":{mark.line + 1}" if mark else ""
        raise ConfigError(f"{where}{line}: not valid YAML") from None
    if data is None:
        return KioskConfig()
    if not isinstance(data, dict):
        raise ConfigError(f"{where}: the file must hold keys ({', '.join(KEYS)})")
    unknown = sorted(str(key) for key in data if key not in KEYS)
    if unknown:
        raise ConfigError(f"{where}: unknown key '{unknown[0]}' (keys: {', '.join(KEYS)})")
    config = KioskConfig()
    try:
        if data.get("pin") is not None:
            check_stored(data["pin"])
            config = replace(config, pin=dict(data["pin"]))
        if "idle_seconds" in data:
            config = replace(config, idle_seconds=seconds(data["idle_seconds"], "idle_seconds"))
        if "countdown_seconds" in data:
            config = replace(config, countdown_seconds=seconds(data["countdown_seconds"], "countdown_seconds", low=1))
        if "retention_days" in data:
            days = data["retention_days"]
            if isinstance(days, bool) or not isinstance(days, (int, float)) or not 0 <= days <= 3650:
                raise ValueError("retention_days must be a number of days from 0 to 3650")
            config = replace(config, retention_days=float(days))
        if data.get("outbox") is not None:
            if not isinstance(data["outbox"], str) or not data["outbox"].strip():
                raise ValueError("outbox must be a folder path")
            config = replace(config, outbox=Path(data["outbox"]).expanduser())
    except (ValueError, PinError) as error:
        raise ConfigError(f"{where}: {error}") from None
    if config.countdown_seconds >= config.idle_seconds:
        raise ConfigError(f"{where}: countdown_seconds must be shorter than idle_seconds")
    return config


def write_config(path: Path, config: KioskConfig) -> Path:
    """Write the configuration atomically, owner-only, in an owner-only folder."""
    data: dict[str, Any] = {
        "pin": config.pin,
        "idle_seconds": config.idle_seconds,
        "countdown_seconds": config.countdown_seconds,
        "retention_days": config.retention_days,
    }
    if config.outbox is not None:
        data["outbox"] = str(config.outbox)
    ensure_private_dir(path.parent, enforce=False)
    header = "# imguide kiosk configuration (see `imguide kiosk --help`). The PIN is stored only as a salted hash.\n"
    return write_atomic(path, header + yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
