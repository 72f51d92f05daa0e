"""The English of the 2023 record: record/rvase_2023_en.yaml written to the English columns (`<field>_en`).

The French the loader writes is the record; this is its translation. A row is found by the natural key the French
file uses; an English text is written only where the row has none yet, so an English text the coordinator wrote or
corrected since is kept, and a row deleted since is not brought back (nothing is created here). A translation whose
French source is not in the record (a key of the English file the French file does not have) is an error, so the
two files cannot drift apart unseen.

Each English text carries the French it was translated from (`{fr: ..., en: ...}` per field). It is written only
while the row's French column still equals that source: an English text never states what the French no longer
says. `stale_sources` lists the texts whose source is not the French record's text any more (tests/record checks it
is empty), so a change of the French cannot leave its old translation unseen.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import translation

from actionplan.models import (
    Action,
    ActionPlan,
    Axis,
    Milestone,
    Partner,
    Project,
    ThematicRoadmap,
    Theme,
    WorkingModality,
)
from events.models import Event, Session, SessionSpeaker
from members.models import Country, Member, Person

from . import rvase_2023 as data

PATH = Path(__file__).with_name("rvase_2023_en.yaml")
LANGUAGE = "en"
# Rows nested in a row of the English file: a roadmap's milestones (by their French title), a programme item's
# speakers (by the person's key).
NESTED = ("milestones", "speakers")


def read_translations() -> dict:
    with PATH.open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=data.SAFE_LOADER)


def _french_keys() -> dict[str, set]:
    """The natural keys of the French file, per section, as the English file names its rows."""
    return {
        "countries": {row["code"] for row in data.COUNTRIES},
        "members": {row["slug"] for row in data.MEMBERS},
        "people": {row["key"] for row in data.PEOPLE},
        "themes": {row["slug"] for row in data.THEMES},
        "working_modalities": {row["name"] for row in data.WORKING_MODALITIES},
        "axes": {row["number"] for row in data.AXES},
        "actions": {row["number"] for row in data.ACTIONS},
        "partners": {row["name"] for row in data.PARTNERS},
        "roadmaps": {row["slug"] for row in data.ROADMAPS},
        "projects": {row["slug"] for row in data.PROJECTS},
        "events": {row["slug"] for row in data.EVENTS},
        "sessions": {row["order"] for row in data.SESSIONS},
    }


def unknown_keys(translations: dict) -> list[str]:
    """Rows of the English file whose French source the record does not have."""
    french = _french_keys()
    unknown = [
        f"{section}: {key}"
        for section, keys in french.items()
        for key in translations.get(section, {})
        if key not in keys
    ]
    milestones = {(row["slug"], m["title"]) for row in data.ROADMAPS for m in row["milestones"]}
    for slug, roadmap in translations.get("roadmaps", {}).items():
        unknown += [
            f"milestones: {slug}, {title}" for title in roadmap.get("milestones", {}) if (slug, title) not in milestones
        ]
    speakers = {(row["order"], speaker["person"]) for row in data.SESSIONS for speaker in row["speakers"]}
    for order, session in translations.get("sessions", {}).items():
        unknown += [f"speakers: {order}, {key}" for key in session.get("speakers", {}) if (order, key) not in speakers]
    return unknown


def _french_texts() -> dict[str, dict]:
    """Per section of the English file, per natural key: the French record's texts of that row, by field."""
    rows = {
        "countries": ("code", data.COUNTRIES),
        "members": ("slug", data.MEMBERS),
        "people": ("key", data.PEOPLE),
        "themes": ("slug", data.THEMES),
        "working_modalities": ("name", data.WORKING_MODALITIES),
        "axes": ("number", data.AXES),
        "actions": ("number", data.ACTIONS),
        "partners": ("name", data.PARTNERS),
        "roadmaps": ("slug", data.ROADMAPS),
        "projects": ("slug", data.PROJECTS),
        "events": ("slug", data.EVENTS),
        "sessions": ("order", data.SESSIONS),
    }
    texts = {section: {row[key]: row for row in section_rows} for section, (key, section_rows) in rows.items()}
    texts["plan"] = {None: data.PLAN}
    return texts


def stale_sources(translations: dict) -> list[str]:
    """The English texts whose French source (`fr`) is not the French record's text of that row and field: each must
    be translated again from the French it now has."""
    french = _french_texts()
    stale = []

    def check(where: str, row: dict | None, texts: dict) -> None:
        for field, text in texts.items():
            if field in NESTED:
                continue
            current = (row or {}).get(field)
            if text.get("fr") != current:
                stale.append(f"{where} {field}: translated from {text.get('fr')!r}, the French is now {current!r}")

    check("plan", data.PLAN, translations.get("plan", {}))
    for section, rows in french.items():
        if section == "plan":
            continue
        for key, texts in translations.get(section, {}).items():
            check(f"{section} {key}", rows.get(key), texts)
    for slug, roadmap in translations.get("roadmaps", {}).items():
        titles = {m["title"]: m for m in french["roadmaps"].get(slug, {}).get("milestones", [])}
        for title, texts in roadmap.get("milestones", {}).items():
            check(f"milestones {slug}, {title}", titles.get(title), texts)
    for order, session in translations.get("sessions", {}).items():
        speakers = {speaker["person"]: speaker for speaker in french["sessions"].get(order, {}).get("speakers", [])}
        for key, texts in session.get("speakers", {}).items():
            check(f"speakers {order}, {key}", speakers.get(key), texts)
    return stale


def _fill(obj: Model | None, texts: dict) -> int:
    """Write each English text the row does not have yet, where the row's French is still the text it was
    translated from; the number written."""
    if obj is None:
        return 0
    changed = [
        f"{field}_{LANGUAGE}"
        for field, text in texts.items()
        if field not in NESTED
        and text["en"]
        and getattr(obj, f"{field}_{settings.MODELTRANSLATION_DEFAULT_LANGUAGE}") == text["fr"]
        and not getattr(obj, f"{field}_{LANGUAGE}")
    ]
    for name in changed:
        setattr(obj, name, texts[name.removesuffix(f"_{LANGUAGE}")]["en"])
    if changed:
        try:
            obj.full_clean(exclude=[f.name for f in obj._meta.fields if f.name not in changed], validate_unique=False)
        except ValidationError as error:
            # Which row of the English file: the model and the row's French name, before the field's own message.
            with translation.override(settings.MODELTRANSLATION_DEFAULT_LANGUAGE):
                name = str(obj)
            where = f"{PATH.name}, {obj._meta.verbose_name} “{name}”"
            raise ValidationError(
                {
                    field: [f"{where}: {message}" for message in messages]
                    for field, messages in error.message_dict.items()
                }
            ) from error
        obj.save(update_fields=changed)
    return len(changed)


def _french(model: type[Model], **lookup) -> Model | None:
    """The row whose French key is `lookup` (the French columns, whatever language is active)."""
    return model.objects.filter(**{f"{k}_fr" if k in ("name", "title") else k: v for k, v in lookup.items()}).first()


@transaction.atomic
def english_translations_apply() -> int:
    """Write the English of the record's texts where it is missing; the number of texts written."""
    translations = read_translations()
    unknown = unknown_keys(translations)
    if unknown:
        raise ValueError(f"{PATH.name}: no such row in the French record: " + "; ".join(unknown))
    plan = ActionPlan.objects.filter(year=data.PLAN["year"]).first()
    written = _fill(plan, translations.get("plan", {}))
    for code, texts in translations.get("countries", {}).items():
        written += _fill(Country.objects.filter(code=code).first(), texts)
    for slug, texts in translations.get("members", {}).items():
        written += _fill(Member.objects.filter(slug=slug).first(), texts)
    people = {row["key"]: row for row in data.PEOPLE}
    for key, texts in translations.get("people", {}).items():
        row = people[key]
        written += _fill(
            Person.objects.filter(full_name=row["full_name"], organisation=row["organisation"]).first(), texts
        )
    for slug, texts in translations.get("themes", {}).items():
        written += _fill(Theme.objects.filter(slug=slug).first(), texts)
    categories = {row["name"]: row["category"] for row in data.WORKING_MODALITIES}
    for name, texts in translations.get("working_modalities", {}).items():
        written += _fill(_french(WorkingModality, category=categories[name], name=name), texts)
    for number, texts in translations.get("axes", {}).items():
        written += _fill(Axis.objects.filter(plan=plan, number=number).first(), texts)
    for number, texts in translations.get("actions", {}).items():
        written += _fill(Action.objects.filter(plan=plan, number=number).first(), texts)
    for name, texts in translations.get("partners", {}).items():
        written += _fill(_french(Partner, name=name), texts)
    for slug, texts in translations.get("roadmaps", {}).items():
        roadmap = ThematicRoadmap.objects.filter(slug=slug).first()
        written += _fill(roadmap, texts)
        for title, milestone_texts in texts.get("milestones", {}).items():
            written += _fill(roadmap and _french(Milestone, roadmap=roadmap, title=title), milestone_texts)
    for slug, texts in translations.get("projects", {}).items():
        written += _fill(Project.objects.filter(slug=slug).first(), texts)
    for slug, texts in translations.get("events", {}).items():
        written += _fill(Event.objects.filter(slug=slug).first(), texts)
    meeting = Event.objects.filter(slug=data.PROGRAMME_EVENT).first()
    for order, texts in translations.get("sessions", {}).items():
        session = meeting and Session.objects.filter(event=meeting, order=order).first()
        written += _fill(session, texts)
        for key, speaker_texts in texts.get("speakers", {}).items():
            row = people[key]
            speakers = SessionSpeaker.objects.filter(
                session=session, person__full_name=row["full_name"], person__organisation=row["organisation"]
            )
            written += _fill(speakers.first() if session else None, speaker_texts)
    return written
