"""Bad input (issue 15): a coordinator who records the real approval, real times or a real status keeps them when
the loader runs again; what nobody changed still follows the deck, and nothing is duplicated."""

import datetime as dt
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command

from actionplan.models import Action
from events.models import Event, Session
from minutes.models import Decision, Minutes, MinutesVersion
from minutes.services import minutes_record_approved_text
from record.models import LoadedRow

PHNOM_PENH = dt.timezone(dt.timedelta(hours=7))


def load() -> str:
    out = StringIO()
    call_command("load_rvase_2023", stdout=out)
    return out.getvalue()


def row_counts() -> dict[str, int]:
    labels = ("members", "actionplan", "events", "minutes", "consultations", "documents", "record")
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label in labels
    }


@pytest.fixture
def loaded(db):
    load()


def test_the_loader_records_what_it_wrote(loaded):
    action = Action.objects.get(plan__year=2023, number=4)
    record = LoadedRow.objects.get(content_type=ContentType.objects.get_for_model(Action), object_id=action.pk)
    assert record.values["status"] == "in_progress"
    assert record.values["activities"] == action.activities
    assert len(record.fingerprint) == 64
    # One record per row the loader wrote: 137 rows of the deck and the 2023 validation round.
    assert LoadedRow.objects.count() == 138


def test_a_rerun_keeps_the_coordinators_edits_and_duplicates_nothing(loaded):
    action = Action.objects.get(plan__year=2023, number=7)
    action.status = Action.Status.DONE
    action.proposals = "Proposition écrite par la coordination."
    action.save()
    action.members.set([])  # untouched by the deck (it lists none), so nothing to keep or restore
    minutes = Minutes.objects.get(event__slug="reunion-annuelle-2023")
    minutes.approved_on = dt.date(2023, 7, 10)
    minutes.save()
    minutes_record_approved_text(minutes=minutes, approved_on=dt.date(2023, 7, 10))
    session = Session.objects.get(event__slug="reunion-annuelle-2023", order=4)
    session.starts_at = dt.datetime(2023, 5, 18, 9, 45, tzinfo=PHNOM_PENH)
    session.ends_at = dt.datetime(2023, 5, 18, 10, 0, tzinfo=PHNOM_PENH)
    session.save()
    counts = row_counts()

    output = load()

    action.refresh_from_db()
    assert action.status == Action.Status.DONE
    assert action.proposals == "Proposition écrite par la coordination."
    # Fields nobody changed are still the deck's.
    assert action.activities == "Dialogue national et activités de plaidoyer"
    minutes.refresh_from_db()
    assert minutes.status == Minutes.Status.APPROVED
    assert minutes.approved_on == dt.date(2023, 7, 10)
    assert minutes.current_version.number == 1
    session.refresh_from_db()
    assert session.starts_at == dt.datetime(2023, 5, 18, 2, 45, tzinfo=dt.UTC)
    assert row_counts() == counts
    assert "Done: 0 rows created" in output
    assert "actions: 15 (0 new, 2 of the coordinator's values kept)" in output


def test_a_rerun_brings_what_nobody_changed_to_the_deck(loaded, monkeypatch):
    from record import rvase_2023

    actions = [dict(row) for row in rvase_2023.ACTIONS]
    actions[9] = {**actions[9], "proposals": "Texte corrigé du support."}  # action 10
    monkeypatch.setattr(rvase_2023, "ACTIONS", actions)
    load()
    assert Action.objects.get(plan__year=2023, number=10).proposals == "Texte corrigé du support."


def test_an_edit_back_to_the_loaded_value_lets_the_deck_speak_again(loaded):
    decision = Decision.objects.get(section=Decision.Section.NETWORK, number=4)
    original = decision.text
    decision.text = "Texte amendé."
    decision.save()
    load()
    decision.refresh_from_db()
    assert decision.text == "Texte amendé."
    decision.text = original
    decision.save()
    load()
    decision.refresh_from_db()
    assert decision.text == original


def test_rows_loaded_before_the_record_existed(loaded, coordinator):
    """A database loaded by an earlier loader: no record. A row the admin's history shows changed by hand keeps
    its values; any other is brought to the deck, including the approval the earlier loader invented."""
    LoadedRow.objects.all().delete()
    edited = Event.objects.get(slug="reunion-annuelle-2023")
    edited.place = "Salle choisie par la coordination"
    edited.save()
    LogEntry.objects.create(
        user=coordinator,
        content_type=ContentType.objects.get_for_model(Event),
        object_id=str(edited.pk),
        object_repr=str(edited),
        action_flag=CHANGE,
        change_message="[]",
    )
    legacy = Action.objects.get(plan__year=2023, number=4)
    legacy.status = Action.Status.DONE  # what the earlier loader wrote
    legacy.save()
    minutes = Minutes.objects.get(event__slug="reunion-annuelle-2023")
    minutes_record_approved_text(minutes=minutes)  # the earlier loader's "Version 1, approved"
    Minutes.objects.filter(pk=minutes.pk).update(status=Minutes.Status.APPROVED)

    load()

    assert Event.objects.get(slug="reunion-annuelle-2023").place == "Salle choisie par la coordination"
    assert Action.objects.get(plan__year=2023, number=4).status == Action.Status.IN_PROGRESS
    minutes.refresh_from_db()
    assert minutes.status == Minutes.Status.CIRCULATED
    assert minutes.current_version is None
    assert not MinutesVersion.objects.exists()
