"""The move of the minutes from the events app to their own (events 0005–0006, minutes 0001, consultations 0002).

A database of the schema before the move (events 0004), holding minutes with attendees, decisions linked to
actions, follow-up, comments, circulation e-mails, two approved versions and their stored PDFs, a validation round
attached to them and permissions given on them, is migrated to the new schema: every row is found with its id and
its values, every stored file is still there and downloadable, and the permissions still hold.

Migrations run for real on this run's PostgreSQL test database (django.db.migrations.executor.MigrationExecutor),
which is migrated back to the latest schema however the test ends.
"""

import datetime

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.utils import timezone

from consultations.models import Consultation
from minutes.models import (
    CirculationEmail,
    Decision,
    FollowUp,
    Minutes,
    MinutesAttendee,
    MinutesComment,
    MinutesVersion,
    StoredPDF,
)
from tests.factories import (
    MINIMAL_PDF,
    ActionFactory,
    MemberFactory,
    NamedPersonFactory,
    UserFactory,
)
from tests.utils import page_text

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE_THE_MOVE = [("events", "0004_minutes_circulation_emails"), ("minutes", None)]
# Every model of the minutes app was the events app's.
MOVED_MODELS = [model._meta.model_name for model in apps.get_app_config("minutes").get_models()]
SLUG = "reunion-annuelle-2031"


def migrate(targets):
    """Migrate the database to `targets`; return the models as they are there (the historical models)."""
    MigrationExecutor(connection).migrate(targets)
    loader = MigrationExecutor(connection).loader
    return loader.project_state(list(loader.applied_migrations)).apps


def old_event(old, **fields):
    return old.get_model("events", "Event").objects.create(kind="annual_meeting", year=2031, **fields)


def latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.fixture
def before_the_move():
    """The database as it was before the move; the latest schema again afterwards, whatever happened."""
    try:
        yield migrate(BEFORE_THE_MOVE)
    finally:
        migrate(latest())


def snapshot(decision_text: str) -> dict:
    """A frozen text as minutes.selectors.minutes_snapshot writes it (schema 1)."""
    return {
        "schema": 1,
        "event": {
            "title": "Réunion annuelle 2031",
            "slug": SLUG,
            "starts_at": "2031-05-15T08:00:00+07:00",
            "ends_at": "2031-05-15T12:00:00+07:00",
            "timezone": "Asia/Phnom_Penh",
            "all_day": False,
            "year": 2031,
            "location": "Vientiane",
            "host": "",
        },
        "summary": "Réunion de travail du réseau.",
        "attendees": [],
        "decisions": [
            {
                "section": "network",
                "kind": "decision",
                "number": 1,
                "title": "Points focaux",
                "text": decision_text,
                "actions": [],
            }
        ],
        "follow_ups": [],
        "consultations": [],
    }


def stored_file(content: bytes) -> str:
    """A PDF file as the events app stored it: a random name under events/pdf/."""
    return default_storage.save(f"events/pdf/{timezone.now().strftime('%H%M%S%f')}.pdf", ContentFile(content))


def test_a_database_of_minutes_moves_to_the_minutes_app_with_every_row_file_and_permission(
    media, member_client, coordinator, before_the_move
):
    old = before_the_move
    # The rows the minutes point at live in tables the move does not touch.
    # Events written through the historical model: the events table of then has fewer columns than today's.
    event = old_event(old, slug=SLUG, title="Réunion annuelle 2031")
    other_event = old_event(old, slug="atelier-2031", title="Atelier 2031")
    member = MemberFactory(name="Vientiane")
    person = NamedPersonFactory(full_name="Nguyễn Thế Phước", member=member, email="phuoc@example.org")
    actions = [ActionFactory(number=number, activities=f"Activité {number}") for number in (1, 2)]
    author = UserFactory()

    # ---- the old schema: everything written through the events app's models of migration 0004 ----------------
    assert ContentType.objects.filter(app_label="events", model="minutes").exists()
    assert not ContentType.objects.filter(app_label="minutes").exists()
    minutes = old.get_model("events", "Minutes").objects.create(
        event_id=event.pk,
        status="approved",
        summary="Réunion de travail du réseau.",
        circulated_on=datetime.date(2031, 5, 20),
        approved_on=datetime.date(2031, 6, 1),
        circulated_by_id=coordinator.pk,
        circulation_count=2,
    )
    other_minutes = old.get_model("events", "Minutes").objects.create(event_id=other_event.pk, summary="Brouillon.")
    by_person = old.get_model("events", "MinutesAttendee").objects.create(
        minutes_id=minutes.pk, person_id=person.pk, note="représente la ville", order=1
    )
    as_member = old.get_model("events", "MinutesAttendee").objects.create(
        minutes_id=minutes.pk, member_id=member.pk, presence="excused", order=2
    )
    decision = old.get_model("events", "Decision").objects.create(
        minutes_id=minutes.pk, section="network", number=1, title="Points focaux", text="Texte approuvé, v2."
    )
    decision.actions.set([action.pk for action in actions])
    recommendation = old.get_model("events", "Decision").objects.create(
        minutes_id=minutes.pk, section="roadmap", kind="recommendation", number=1, text="Une veille mensuelle."
    )
    follow_up = old.get_model("events", "FollowUp").objects.create(
        minutes_id=minutes.pk, number=1, text="Envoyer la liste", owner_member_id=member.pk, due_on="2031-06-15"
    )
    comment = old.get_model("events", "MinutesComment").objects.create(
        minutes_id=minutes.pk,
        author_id=author.pk,
        kind="amendment",
        decision_id=decision.pk,
        text="Plus précis.",
        proposed_text="Texte approuvé, v2.",
        status="accepted",
        answer="Repris.",
        answered_by_id=coordinator.pk,
    )
    circulation_emails = [
        old.get_model("events", "CirculationEmail").objects.create(
            minutes_id=minutes.pk, circulation=circulation, address="phuoc@example.org"
        )
        for circulation in (1, 2)
    ]
    version_1 = old.get_model("events", "MinutesVersion").objects.create(
        minutes_id=minutes.pk, number=1, content=snapshot("Texte approuvé, v1."), fingerprint="a" * 64
    )
    version_2 = old.get_model("events", "MinutesVersion").objects.create(
        minutes_id=minutes.pk,
        number=2,
        content=snapshot("Texte approuvé, v2."),
        fingerprint="b" * 64,
        approved_on=datetime.date(2031, 6, 1),
        approved_by_id=coordinator.pk,
    )
    minutes.current_version_id = version_2.pk
    minutes.save(update_fields=["current_version"])
    files = {
        (version_1.pk, "fr"): MINIMAL_PDF + b"% v1 fr\n",
        (version_2.pk, "fr"): MINIMAL_PDF + b"% v2 fr\n",
        (version_2.pk, "en"): MINIMAL_PDF + b"% v2 en\n",
        (None, "fr"): MINIMAL_PDF + b"% summary fr\n",
    }
    stored = {}
    for (version_id, language), content in files.items():
        row = old.get_model("events", "StoredPDF").objects.create(
            kind="minutes" if version_id else "summary",
            event_id=event.pk,
            version_id=version_id,
            language=language,
            file=stored_file(content),
            size=len(content),
            source_hash="c" * 64,
            rendered_at=timezone.now(),
        )
        stored[row.pk] = (row.file.name, content)
    failed = old.get_model("events", "StoredPDF").objects.create(
        kind="minutes",
        event_id=event.pk,
        version_id=version_1.pk,
        language="en",
        error="Timed out",
        failed_at=timezone.now(),
    )
    round_ = old.get_model("consultations", "Consultation").objects.create(
        subject="Recommandations 2031",
        opened_on=timezone.now(),
        deadline=timezone.now() + datetime.timedelta(days=30),
        minutes_id=minutes.pk,
        reported_in_id=minutes.pk,
    )
    # Permissions given on the minutes in the admin, under the events app's label.
    reviewers = Group.objects.create(name="Relecteurs")
    reviewers.permissions.add(Permission.objects.get(content_type__app_label="events", codename="change_minutes"))
    reviewer = UserFactory()
    reviewer.groups.add(reviewers)
    coordination = Group.objects.get(name="Coordination")
    coordination_permissions = set(
        coordination.permissions.filter(content_type__model__in=MOVED_MODELS).values_list("pk", flat=True)
    )
    assert len(coordination_permissions) == 4 * len(MOVED_MODELS)
    content_type_ids = dict(
        ContentType.objects.filter(app_label="events", model__in=MOVED_MODELS).values_list("model", "pk")
    )

    # ---- the move ------------------------------------------------------------------------------------------------
    migrate(latest())

    # Every row, with its id and its values.
    moved = Minutes.objects.get(pk=minutes.pk)
    assert (moved.event_id, moved.status, moved.summary, moved.circulation_count) == (
        event.pk,
        "approved",
        minutes.summary,
        2,
    )
    assert (moved.circulated_on, moved.approved_on, moved.circulated_by_id) == (
        datetime.date(2031, 5, 20),
        datetime.date(2031, 6, 1),
        coordinator.pk,
    )
    assert moved.current_version_id == version_2.pk
    assert Minutes.objects.get(pk=other_minutes.pk).event_id == other_event.pk
    assert set(moved.attendees.values_list("pk", "person_id", "member_id", "presence", "note")) == {
        (by_person.pk, person.pk, None, "present", "représente la ville"),
        (as_member.pk, None, member.pk, "excused", ""),
    }
    assert MinutesAttendee.objects.count() == 2
    assert set(moved.decisions.values_list("pk", "section", "kind", "number", "text")) == {
        (decision.pk, "network", "decision", 1, "Texte approuvé, v2."),
        (recommendation.pk, "roadmap", "recommendation", 1, "Une veille mensuelle."),
    }
    assert set(Decision.objects.get(pk=decision.pk).actions.values_list("pk", flat=True)) == {a.pk for a in actions}
    assert list(actions[0].decisions.values_list("pk", flat=True)) == [decision.pk]
    assert FollowUp.objects.get(pk=follow_up.pk).owner_member_id == member.pk
    moved_comment = MinutesComment.objects.get(pk=comment.pk)
    assert (moved_comment.minutes_id, moved_comment.decision_id, moved_comment.author_id, moved_comment.answer) == (
        minutes.pk,
        decision.pk,
        author.pk,
        "Repris.",
    )
    assert sorted(CirculationEmail.objects.filter(minutes=moved).values_list("pk", flat=True)) == sorted(
        row.pk for row in circulation_emails
    )
    assert [(v.pk, v.number, v.content["decisions"][0]["text"]) for v in moved.versions.order_by("number")] == [
        (version_1.pk, 1, "Texte approuvé, v1."),
        (version_2.pk, 2, "Texte approuvé, v2."),
    ]
    assert MinutesVersion.objects.get(pk=version_2.pk).approved_by_id == coordinator.pk
    moved_round = Consultation.objects.get(pk=round_.pk)
    assert moved_round.minutes == moved and moved_round.reported_in == moved

    # Every stored file, where it was and as it was.
    assert StoredPDF.objects.count() == len(files) + 1
    for pk, (name, content) in stored.items():
        row = StoredPDF.objects.get(pk=pk)
        assert row.file.name == name
        with row.file.open("rb") as handle:
            assert handle.read() == content
    assert StoredPDF.objects.get(pk=failed.pk).error == "Timed out"

    # Members download them at the same addresses.
    assert member_client.get(f"/events/{SLUG}/minutes.pdf").getvalue() == files[(version_2.pk, "fr")]
    assert member_client.get(f"/events/{SLUG}/minutes/1.pdf").getvalue() == files[(version_1.pk, "fr")]
    assert "Texte approuvé, v2." in page_text(member_client.get(f"/events/{SLUG}/minutes/"))

    # The content types moved with their ids: permissions given on them hold, under the minutes app's label.
    assert dict(ContentType.objects.filter(app_label="minutes").values_list("model", "pk")) == content_type_ids
    assert not ContentType.objects.filter(app_label="events", model__in=MOVED_MODELS).exists()
    assert (
        set(coordination.permissions.filter(content_type__app_label="minutes").values_list("pk", flat=True))
        == coordination_permissions
    )
    reviewer = type(reviewer).objects.get(pk=reviewer.pk)
    assert reviewer.has_perm("minutes.change_minutes") and not reviewer.has_perm("minutes.delete_minutes")
    admin_client = Client()
    admin_client.force_login(coordinator)
    assert "Réunion de travail du réseau." in page_text(
        admin_client.get(f"/admin/minutes/minutes/{minutes.pk}/change/")
    )


def test_the_move_can_be_undone_without_losing_a_row(media, before_the_move):
    """Migrating back (to the events app's tables) keeps the rows too: a failed deployment can be rolled back."""
    old = before_the_move
    event = old_event(old, slug=SLUG, title="Réunion annuelle 2031")
    minutes = old.get_model("events", "Minutes").objects.create(event_id=event.pk, summary="Avant.")
    migrate(latest())
    assert Minutes.objects.get(pk=minutes.pk).summary == "Avant."
    old = migrate(BEFORE_THE_MOVE)
    assert old.get_model("events", "Minutes").objects.get(pk=minutes.pk).summary == "Avant."
    assert ContentType.objects.filter(app_label="events", model="minutes").exists()
