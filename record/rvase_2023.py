"""The facts of the RVASE 2023 annual meeting deck, read from ``rvase_2023.yaml`` beside this module.

The file says where each fact comes from and how it is written. Here it is read once, and each of its sections is
a constant of this module (``MEMBERS``, ``ACTIONS``, ``DECISIONS``…), which record.loader writes to the database
(a test may replace one with monkeypatch).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

# libyaml's safe loader where PyYAML was built with it (the same documents, read some ten times faster).
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

PATH = Path(__file__).with_name("rvase_2023.yaml")


def _read() -> dict:
    with PATH.open(encoding="utf-8") as handle:
        data = yaml.load(handle, Loader=SAFE_LOADER)
    for row in data["sessions"]:
        for field in ("starts_at", "ends_at"):
            row[field] = _time(row[field], where=f"sessions, order {row['order']}, {field}")
    return data


def _time(value, *, where: str) -> dt.time | None:
    """A programme time, written 'HH:MM' (quoted: unquoted, YAML 1.1 reads 10:00 as the number 600), or null: the
    deck gives the programme's order, not its times."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f"{PATH.name}: {where} must be a quoted 'HH:MM' time, not {value!r}.")
    return dt.time.fromisoformat(value)


# Each section of the file is a constant of this module, named in capitals: COUNTRIES, MEMBERS, PEOPLE, THEMES,
# WORKING_MODALITIES, PLAN, AXES, ACTIONS, PARTNERS, ROADMAPS, PROJECTS, EVENTS, PROGRAMME_EVENT, SESSIONS, MINUTES
# and DECISIONS.
globals().update({section.upper(): rows for section, rows in _read().items()})
