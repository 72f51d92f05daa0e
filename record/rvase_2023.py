"""The facts of the RVASE 2023 annual meeting deck, read from ``rvase_2023.yaml`` beside this module.

The file says where each fact comes from and how it is written. Here it is read once, and each of its sections is
a constant of this module (``MEMBERS``, ``ACTIONS``, ``DECISIONS``…), which record.loader writes to the database.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

PATH = Path(__file__).with_name("rvase_2023.yaml")


def _read() -> dict:
    with PATH.open(encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    for row in data["sessions"]:
        for field in ("starts_at", "ends_at"):
            row[field] = _time(row[field], where=f"sessions, order {row['order']}, {field}")
    return data


def _time(value, *, where: str) -> dt.time:
    """A programme time, written 'HH:MM' (quoted: unquoted, YAML 1.1 reads 10:00 as the number 600)."""
    if not isinstance(value, str):
        raise ValueError(f"{PATH.name}: {where} must be a quoted 'HH:MM' time, not {value!r}.")
    return dt.time.fromisoformat(value)


_DATA = _read()

COUNTRIES: list[dict] = _DATA["countries"]
MEMBERS: list[dict] = _DATA["members"]
PEOPLE: list[dict] = _DATA["people"]
THEMES: list[dict] = _DATA["themes"]
WORKING_MODALITIES: list[dict] = _DATA["working_modalities"]
PLAN: dict = _DATA["plan"]
AXES: list[dict] = _DATA["axes"]
ACTIONS: list[dict] = _DATA["actions"]
PARTNERS: list[dict] = _DATA["partners"]
ROADMAPS: list[dict] = _DATA["roadmaps"]
PROJECTS: list[dict] = _DATA["projects"]
EVENTS: list[dict] = _DATA["events"]
PROGRAMME_EVENT: str = _DATA["programme_event"]
SESSIONS: list[dict] = _DATA["sessions"]
MINUTES: dict = _DATA["minutes"]
DECISIONS: list[dict] = _DATA["decisions"]
