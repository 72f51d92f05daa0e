"""Progress notes from focal points, and the coordinator's decision on the status they propose."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import COORDINATION_GROUP
from actionplan import permissions, services
from actionplan.models import Action, ProgressUpdate, Project
from members.permissions import is_focal_point_of
from tests.factories import (
    FUTURE_YEAR,
    ActionFactory,
    CoordinatorFactory,
    FocalPointFactory,
    MemberFactory,
    PersonFactory,
    ProgressUpdateFactory,
    ProjectFactory,
    UserFactory,
)
from tests.utils import page_text

pytestmark = pytest.mark.django_db

ROLES = ["visitor", "plain_member", "focal_point_of_this_member", "focal_point_of_another_member", "coordinator"]


@pytest.fixture
def action(member):
    action = ActionFactory(status=Action.Status.IN_PROGRESS, activities="Atelier sur la gestion des déchets")
    action.members.add(member, MemberFactory())
    return action


@pytest.fixture
def project(member):
    project = ProjectFactory(title="Réseau d'eau potable", status=Project.Status.PREPARATION)
    project.members.add(member)
    return project


@pytest.fixture
def other_focal_point(db):
    other = MemberFactory(name="Ville voisine")
    return FocalPointFactory(member=other, person=PersonFactory(member=other, user=UserFactory()))


@pytest.fixture
def login_as(client, member, focal_point, member_person, other_focal_point, coordinator):
    def login(role):
        users = {
            "plain_member": member_person.user,
            "focal_point_of_this_member": focal_point.person.user,
            "focal_point_of_another_member": other_focal_point.person.user,
            "coordinator": coordinator,
        }
        if role != "visitor":
            client.force_login(users[role])
        client.cookies["django_language"] = "en"
        return client

    return login


def note_data(**extra):
    return {"date": f"{FUTURE_YEAR}-03-02", "text": "Réunion de lancement tenue avec les services techniques.", **extra}


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: dt.date(FUTURE_YEAR, 3, 15))


# ---- who may post ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_posting_a_note_on_an_action(login_as, action, role, mailoutbox, django_capture_on_commit_callbacks):
    client = login_as(role)
    url = f"/plan/{action.plan.year}/actions/{action.number}/progress/"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, note_data(proposed_status="done"))
    notes = ProgressUpdate.objects.filter(action=action)
    if role == "visitor":
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
        assert not notes.exists()
    elif role in ("plain_member", "focal_point_of_another_member"):
        assert response.status_code == 403
        assert not notes.exists()
        assert not mailoutbox
    else:
        assert response.status_code == 302
        assert response["Location"] == f"{action.get_absolute_url()}#history"
        note = notes.get()
        assert note.text == "Réunion de lancement tenue avec les services techniques."
        assert note.date == dt.date(FUTURE_YEAR, 3, 2)
        action.refresh_from_db()
        if role == "coordinator":  # the coordinator's own change applies at once, nobody is e-mailed
            assert note.review == ProgressUpdate.Review.ACCEPTED
            assert action.status == Action.Status.DONE
            assert not mailoutbox
        else:  # the focal point's waits for the coordinator, who is e-mailed
            assert note.review == ProgressUpdate.Review.PENDING
            assert action.status == Action.Status.IN_PROGRESS
            assert [mail.to for mail in mailoutbox] == [["coordinator@example.org"]]


@pytest.mark.parametrize("role", ROLES)
def test_posting_a_note_on_a_project(login_as, project, role):
    client = login_as(role)
    response = client.post(f"/plan/projects/{project.slug}/progress/", note_data(proposed_status="validated"))
    created = ProgressUpdate.objects.filter(project=project).exists()
    expected = {
        "visitor": 302,
        "plain_member": 403,
        "focal_point_of_this_member": 302,
        "focal_point_of_another_member": 403,
        "coordinator": 302,
    }[role]
    assert response.status_code == expected
    assert created == (role in ("focal_point_of_this_member", "coordinator"))


@pytest.mark.parametrize("role", ROLES)
def test_the_form_is_offered_only_to_who_may_post(login_as, action, project, role):
    client = login_as(role)
    may_post = role in ("focal_point_of_this_member", "coordinator")
    for url in (action.get_absolute_url(), project.get_absolute_url()):
        text = page_text(client.get(url))
        assert ("Post a progress note" in text) == may_post


def test_permission_agrees_with_members_is_focal_point_of(action, focal_point, other_focal_point, member_person):
    for user in (focal_point.person.user, other_focal_point.person.user, member_person.user):
        expected = any(is_focal_point_of(user, member) for member in action.members.all())
        assert permissions.can_post_progress(user, action) is expected


def test_a_focal_point_without_an_active_account_may_not_post(client, action, focal_point):
    user = focal_point.person.user
    client.force_login(user)
    user.is_active = False
    user.save()
    response = client.post(f"{action.get_absolute_url()}progress/", note_data())
    assert response.status_code in (302, 403)
    assert not ProgressUpdate.objects.exists()


def test_a_tampered_post_naming_another_action_changes_nothing_there(client, action, focal_point):
    """The note goes to the action of the URL; the fields of the form never choose it."""
    other = ActionFactory(plan=action.plan, axis=action.axis, status=Action.Status.NOT_STARTED)
    other.members.add(MemberFactory())
    client.force_login(focal_point.person.user)
    # To the other action's own URL: refused.
    response = client.post(f"{other.get_absolute_url()}progress/", note_data(action=action.pk, proposed_status="done"))
    assert response.status_code == 403
    # To their own action's URL, naming the other one in the body: the note lands on their action only.
    response = client.post(
        f"{action.get_absolute_url()}progress/",
        note_data(action=other.pk, action_id=other.pk, project=ProjectFactory().pk, proposed_status="done"),
    )
    assert response.status_code == 302
    note = ProgressUpdate.objects.get()
    assert (note.action_id, note.project_id) == (action.pk, None)
    other.refresh_from_db()
    assert other.status == Action.Status.NOT_STARTED and not other.progress_updates.exists()


def test_get_on_the_posting_url_is_not_allowed(client, action, focal_point):
    client.force_login(focal_point.person.user)
    assert client.get(f"{action.get_absolute_url()}progress/").status_code == 405


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"text": "   "}, "Write what has happened."),
        ({"date": f"{FUTURE_YEAR + 1}-01-01"}, "cannot be dated in the future"),
        ({"date": "pas une date"}, "Enter a valid date."),
        ({"proposed_status": "cancelled"}, "Select a valid choice."),
        ({"proposed_status": "in_progress"}, "Select a valid choice."),  # the current status is no change
    ],
)
def test_bad_notes_are_refused_with_a_message_and_nothing_saved(login_as, action, data, message, mailoutbox):
    client = login_as("focal_point_of_this_member")
    response = client.post(f"{action.get_absolute_url()}progress/", note_data(**data))
    assert response.status_code == 400
    assert message in page_text(response)
    assert not ProgressUpdate.objects.exists()
    assert not mailoutbox


# ---- the e-mail to the coordinators ----------------------------------------------------------------------------


def test_every_active_coordinator_is_emailed_in_their_language(
    login_as, action, focal_point, mailoutbox, django_capture_on_commit_callbacks
):
    english = CoordinatorFactory(email="english.coordinator@example.org", preferred_language="en")
    CoordinatorFactory(email="gone@example.org", is_active=False)
    UserFactory(email="staff-not-coordination@example.org", is_staff=True)
    client = login_as("focal_point_of_this_member")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{action.get_absolute_url()}progress/", note_data(proposed_status="done"))
    note = ProgressUpdate.objects.get()
    assert sorted(mail.to[0] for mail in mailoutbox) == ["coordinator@example.org", english.email]
    mail = next(mail for mail in mailoutbox if mail.to == [english.email])
    assert f"Progress note on action {action.number} ({action.plan.year})" in mail.subject
    assert "status change to review" in mail.subject
    assert "Réunion de lancement tenue avec les services techniques." in mail.body
    assert focal_point.member.name in mail.body
    assert "Proposed status: Done." in mail.body
    assert f"/plan/progress/{note.pk}/review/" in mail.body
    html = mail.alternatives[0][0]
    assert f"/plan/progress/{note.pk}/review/" in html


def test_a_note_without_proposal_is_still_reported(login_as, project, mailoutbox, django_capture_on_commit_callbacks):
    client = login_as("focal_point_of_this_member")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/plan/projects/{project.slug}/progress/", note_data())
    assert len(mailoutbox) == 1
    assert "Réseau d'eau potable" in mailoutbox[0].subject
    assert "review" not in mailoutbox[0].subject


def test_no_email_when_the_post_is_rolled_back(action, focal_point, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        services.progress_note_post(
            target=action,
            author=focal_point.person.user,
            text="Note",
            date=dt.date(FUTURE_YEAR, 3, 1),
            proposed_status="x",
        )
    assert not mailoutbox and not ProgressUpdate.objects.exists()


# ---- the coordinator's review ------------------------------------------------------------------------------------


@pytest.fixture
def pending(action, focal_point):
    return services.progress_note_post(
        target=action,
        author=focal_point.person.user,
        text="L'atelier a eu lieu, le rapport est publié.",
        date=dt.date(FUTURE_YEAR, 3, 10),
        proposed_status=Action.Status.DONE,
    )


def test_the_coordinator_accepts_the_proposed_status(login_as, action, pending, coordinator):
    client = login_as("coordinator")
    page = page_text(client.get(f"/plan/progress/{pending.pk}/review/"))
    assert "L'atelier a eu lieu, le rapport est publié." in page and "Apply this status" in page
    assert "L'atelier a eu lieu" in page_text(client.get("/plan/progress/"))
    response = client.post(f"/plan/progress/{pending.pk}/review/", {"status": "done", "decision": "accept"})
    assert response.status_code == 302
    action.refresh_from_db()
    pending.refresh_from_db()
    assert action.status == Action.Status.DONE
    assert (pending.review, pending.previous_status, pending.applied_status) == ("accepted", "in_progress", "done")
    assert pending.reviewed_by == coordinator and pending.reviewed_at is not None
    history = page_text(client.get(action.get_absolute_url()))
    assert "Status: In progress → Done" in history.replace("changed to ", "")
    assert "Nothing to review" in page_text(client.get("/plan/progress/"))


def test_the_coordinator_applies_another_status_than_proposed(login_as, action, pending):
    client = login_as("coordinator")
    client.post(f"/plan/progress/{pending.pk}/review/", {"status": "continuous", "decision": "accept"})
    action.refresh_from_db()
    pending.refresh_from_db()
    assert action.status == Action.Status.CONTINUOUS
    assert (pending.proposed_status, pending.applied_status) == ("done", "continuous")
    assert "“Done” was proposed" in page_text(client.get(action.get_absolute_url()))


def test_the_coordinator_declines(login_as, action, pending):
    client = login_as("coordinator")
    client.post(f"/plan/progress/{pending.pk}/review/", {"status": "done", "decision": "decline"})
    action.refresh_from_db()
    pending.refresh_from_db()
    assert action.status == Action.Status.IN_PROGRESS
    assert pending.review == ProgressUpdate.Review.DECLINED
    text = page_text(client.get(action.get_absolute_url()))
    assert "L'atelier a eu lieu, le rapport est publié." in text  # the note stays in the history
    assert "not applied by the coordinator" in text


def review(client, pending, decision: str, status: str, callbacks) -> None:
    with callbacks(execute=True):
        response = client.post(f"/plan/progress/{pending.pk}/review/", {"status": status, "decision": decision})
    assert response.status_code == 302


def test_the_author_is_told_of_another_status_than_proposed_in_their_language(
    login_as, action, pending, focal_point, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    focal_point.person.user.preferred_language = "en"
    focal_point.person.user.save()
    review(login_as("coordinator"), pending, "accept", "continuous", django_capture_on_commit_callbacks)
    (message,) = mailoutbox
    assert message.to == [focal_point.person.contact_email]
    assert message.subject == (
        f"[RVASE] Your progress note on action {action.number} ({action.plan.year}) — status “Continuous” applied"
    )
    assert (
        f"{coordinator} applied the status “Continuous” rather than “Done”, which you proposed in your note of "
        f"March 10, {FUTURE_YEAR}." in " ".join(message.body.split())
    )
    assert "L'atelier a eu lieu, le rapport est publié." in message.body
    assert f"{action.get_absolute_url()}" in message.body
    html = message.alternatives[0][0]
    assert "L&#x27;atelier a eu lieu" in html or "L&#39;atelier a eu lieu" in html


def test_the_author_is_told_the_status_was_declined_and_what_it_stays(
    login_as, action, pending, focal_point, coordinator, mailoutbox, django_capture_on_commit_callbacks
):
    review(login_as("coordinator"), pending, "decline", "done", django_capture_on_commit_callbacks)
    (message,) = mailoutbox  # French: the author chose no other language
    assert message.subject.endswith("— statut proposé non appliqué")
    body = " ".join(message.body.split())
    assert "n'a pas appliqué le statut « Terminé »" in body or "n’a pas appliqué le statut « Terminé »" in body
    assert "le statut reste « En cours »" in body


def test_the_author_is_told_when_the_proposed_status_is_applied_and_nobody_else_is(
    login_as, action, pending, focal_point, mailoutbox, django_capture_on_commit_callbacks
):
    focal_point.person.user.preferred_language = "en"
    focal_point.person.user.save()
    review(login_as("coordinator"), pending, "accept", "done", django_capture_on_commit_callbacks)
    assert [message.to for message in mailoutbox] == [[focal_point.person.contact_email]]
    assert f"applied the status you proposed in your note of March 10, {FUTURE_YEAR}: “Done”." in " ".join(
        mailoutbox[0].body.split()
    )


def test_a_note_is_reviewed_once(login_as, action, pending):
    client = login_as("coordinator")
    client.post(f"/plan/progress/{pending.pk}/review/", {"status": "done", "decision": "accept"})
    response = client.post(f"/plan/progress/{pending.pk}/review/", {"status": "not_started", "decision": "accept"})
    assert response.status_code == 200
    action.refresh_from_db()
    assert action.status == Action.Status.DONE


def test_a_junk_status_in_the_review_is_refused(login_as, action, pending):
    client = login_as("coordinator")
    response = client.post(f"/plan/progress/{pending.pk}/review/", {"status": "cancelled", "decision": "accept"})
    assert "Select a valid choice." in page_text(response)
    action.refresh_from_db()
    assert action.status == Action.Status.IN_PROGRESS


@pytest.mark.parametrize("role", ["visitor", "plain_member", "focal_point_of_this_member"])
def test_only_the_coordinator_reviews(login_as, action, pending, role):
    client = login_as(role)
    for url in (f"/plan/progress/{pending.pk}/review/", "/plan/progress/"):
        response = client.get(url)
        assert response.status_code == (302 if role == "visitor" else 403)
    response = client.post(f"/plan/progress/{pending.pk}/review/", {"status": "done", "decision": "accept"})
    assert response.status_code == (302 if role == "visitor" else 403)
    action.refresh_from_db()
    assert action.status == Action.Status.IN_PROGRESS


def test_review_of_an_unknown_note_is_a_404(login_as):
    assert login_as("coordinator").get("/plan/progress/999999/review/").status_code == 404


def test_history_lists_notes_newest_first_with_their_authors(login_as, action, focal_point):
    ProgressUpdateFactory(
        action=action, date=dt.date(FUTURE_YEAR, 1, 5), text="Première note.", author=focal_point.person.user
    )
    ProgressUpdateFactory(
        action=action, date=dt.date(FUTURE_YEAR, 2, 9), text="Deuxième note.", author=CoordinatorFactory()
    )
    text = page_text(login_as("visitor").get(action.get_absolute_url()))
    assert text.index("Deuxième note.") < text.index("Première note.")
    assert f"{focal_point.person.full_name} ({focal_point.member.name})" in text
    assert "@example.org" not in text  # authors are named, never by their e-mail address


def test_the_month_digest_selector_reports_the_notes_of_the_month(action, focal_point):
    from actionplan.selectors import progress_updates_between

    ProgressUpdateFactory(action=action, date=dt.date(FUTURE_YEAR, 2, 28), text="Février.")
    ProgressUpdateFactory(action=action, date=dt.date(FUTURE_YEAR, 3, 1), text="Mars.")
    ProgressUpdateFactory(action=None, project=ProjectFactory(), date=dt.date(FUTURE_YEAR, 3, 31), text="Projet, mars.")
    notes = progress_updates_between(start=dt.date(FUTURE_YEAR, 3, 1), end=dt.date(FUTURE_YEAR, 4, 1))
    assert [note.text for note in notes] == ["Mars.", "Projet, mars."]


def test_coordination_group_is_the_only_source_of_reviewers(db):
    user = UserFactory()
    assert not permissions.can_review_progress(user)
    user.groups.add(Group.objects.get_or_create(name=COORDINATION_GROUP)[0])
    user = type(user).objects.get(pk=user.pk)
    assert permissions.can_review_progress(user)
