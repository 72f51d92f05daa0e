"""Minutes: attendees, decisions, follow-up; draft → circulated → comments and amendments → approved and frozen."""

import datetime
import smtplib
import zoneinfo

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from consultations.models import Consultation
from events.models import Event
from minutes import services, tasks
from minutes.models import Minutes, MinutesComment, MinutesVersion
from tests.factories import (
    ActionFactory,
    DecisionFactory,
    EventFactory,
    FocalPointFactory,
    FollowUpFactory,
    MemberFactory,
    MinutesAttendeeFactory,
    MinutesFactory,
    NamedPersonFactory,
    UserFactory,
)
from tests.mail_headers import assert_bulk, one_click, parsed
from tests.utils import page_text, warm_up

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media")]

PHNOM_PENH = zoneinfo.ZoneInfo("Asia/Phnom_Penh")
SLUG = "reunion-annuelle-2025"


@pytest.fixture
def meeting(member, focal_point):
    """Minutes in draft: the `member` attended as such (its focal point may comment), and one person by name."""
    event = EventFactory(
        slug=SLUG,
        title="Réunion annuelle 2025",
        kind=Event.Kind.ANNUAL_MEETING,
        starts_at=datetime.datetime(2025, 5, 18, 8, 0, tzinfo=PHNOM_PENH),
        ends_at=datetime.datetime(2025, 5, 18, 12, 0, tzinfo=PHNOM_PENH),
    )
    minutes = MinutesFactory(event=event, summary="Réunion de travail du réseau à Vientiane.")
    MinutesAttendeeFactory(minutes=minutes, person=None, member=member)
    MinutesAttendeeFactory(
        minutes=minutes,
        person=NamedPersonFactory(full_name="Nguyễn Thế Phước", email="phuoc@yenbai.example", member=MemberFactory()),
    )
    MinutesAttendeeFactory(minutes=minutes, person=NamedPersonFactory(full_name="Sans Adresse"), presence="excused")
    action = ActionFactory(activities="Confirmation des points focaux", number=1)
    decision = DecisionFactory(
        minutes=minutes, number=1, title="Points focaux", text="Chaque membre confirme son point focal."
    )
    decision.actions.add(action)
    DecisionFactory(
        minutes=minutes,
        section="roadmap",
        kind="recommendation",
        number=1,
        title="Veille",
        text="Une veille mensuelle.",
    )
    FollowUpFactory(
        minutes=minutes, number=1, text="Envoyer la liste des points focaux", due_on=datetime.date(2025, 6, 15)
    )
    return minutes


def other_focal_point():
    other = MemberFactory()
    return FocalPointFactory(member=other, person=NamedPersonFactory(user=UserFactory(), member=other))


def approve(minutes, coordinator, **kwargs):
    services.minutes_circulate(minutes=minutes, by=coordinator)
    return services.minutes_approve(minutes=Minutes.objects.get(pk=minutes.pk), by=coordinator, **kwargs)


# ---- the 2023 minutes ------------------------------------------------------------------------------------------


def test_the_2023_conclusions_load_as_circulated_to_all_members_never_approved(rvase_2023):
    """The deck: "Transmises pour validation ... a l'ensemble des membres le 31 mai 2023" — and no approval."""
    minutes = Minutes.objects.get(event__slug="reunion-annuelle-2023")
    assert minutes.status == Minutes.Status.CIRCULATED
    assert minutes.circulated_on == datetime.date(2023, 5, 31) and minutes.circulated_to_members
    assert minutes.current_version is None and minutes.approved_on is None
    assert not MinutesVersion.objects.exists()
    decisions = minutes.decisions.order_by("section", "number")
    assert [d.number for d in decisions if d.section == "network"] == [1, 2, 3, 4, 5, 6, 7]
    assert [d.number for d in decisions if d.section == "roadmap"] == [1, 2, 3, 4, 5, 6]
    roadmap_4 = decisions.get(section="roadmap", number=4)
    assert list(roadmap_4.actions.values_list("number", flat=True).order_by("number")) == [2, 15]


def test_every_member_reads_the_circulated_2023_conclusions(rvase_2023, member_client):
    text = page_text(member_client.get("/events/reunion-annuelle-2023/minutes/"))
    assert "Transmis pour validation le 31 mai 2023 à l'ensemble des membres." in text
    assert "Aucune approbation n'est enregistrée." in text
    assert "Afin d'être intégrés dans les activités, les membres doivent être à jour" in text
    assert "Suggestion ou recommandation retenue" in text
    assert "approuvé" not in text.lower()


def test_reloading_after_the_coordinator_approves_keeps_the_approval(rvase_2023, coordinator):
    minutes = Minutes.objects.get(event__slug="reunion-annuelle-2023")
    version, _created = services.minutes_approve(minutes=minutes, by=coordinator)
    call_command("load_rvase_2023", verbosity=0)
    call_command("load_rvase_2023", verbosity=0)
    minutes.refresh_from_db()
    assert minutes.status == Minutes.Status.APPROVED and minutes.current_version == version
    assert MinutesVersion.objects.filter(minutes=minutes).count() == 1


# ---- workflow --------------------------------------------------------------------------------------------------


def test_circulating_e_mails_the_attendees_and_the_focal_points_a_link(
    meeting, coordinator, focal_point, django_capture_on_commit_callbacks
):
    focal_point.person.email = "focal@ville.example"
    focal_point.person.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.minutes_circulate(minutes=meeting, by=coordinator)
    meeting.refresh_from_db()
    assert meeting.status == Minutes.Status.CIRCULATED
    assert meeting.circulated_on == timezone.localdate() and meeting.circulated_by == coordinator
    assert sorted(message.to[0] for message in mail.outbox) == ["focal@ville.example", "phuoc@yenbai.example"]
    for message in mail.outbox:
        assert len(message.to) == 1  # one e-mail each: nobody sees the others' addresses
        assert f"/events/{SLUG}/minutes/" in message.body
        assert "Réunion annuelle 2025" in message.subject


def test_each_attendee_gets_one_e_mail_per_circulation_even_when_the_mail_server_fails_half_way(
    meeting, coordinator, focal_point, monkeypatch
):
    focal_point.person.email = "focal@ville.example"
    focal_point.person.save()
    services.minutes_circulate(minutes=meeting, by=coordinator)  # the task is not run: the test runs it
    meeting.refresh_from_db()
    assert meeting.circulation_count == 1

    real_send, calls = services.send_templated_email, []

    def server_fails_on_the_second(**kwargs):
        calls.append(kwargs["to"])
        if len(calls) == 2:
            raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
        return real_send(**kwargs)

    monkeypatch.setattr(services, "send_templated_email", server_fails_on_the_second)
    with pytest.raises(smtplib.SMTPServerDisconnected):  # an OSError: Celery retries the task
        services.send_minutes_circulated(minutes=meeting)
    assert len(mail.outbox) == 1
    # The retry writes only to the one who did not get it; a third run (a redelivered task) to nobody.
    assert services.send_minutes_circulated(minutes=meeting) == 1
    assert services.send_minutes_circulated(minutes=meeting) == 0
    assert sorted(message.to[0] for message in mail.outbox) == ["focal@ville.example", "phuoc@yenbai.example"]
    assert sorted(meeting.circulation_emails.values_list("circulation", "address")) == [
        (1, "focal@ville.example"),
        (1, "phuoc@yenbai.example"),
    ]

    # Approved, changed and circulated again: a new circulation, one e-mail each again.
    services.minutes_approve(minutes=Minutes.objects.get(pk=meeting.pk), by=coordinator)
    decision = meeting.decisions.get(section="network", number=1)
    decision.text = "Chaque membre confirme son point focal avant la fin juin."
    decision.save()
    services.minutes_edited(minutes=meeting, by=coordinator)
    services.minutes_circulate(minutes=Minutes.objects.get(pk=meeting.pk), by=coordinator)
    mail.outbox.clear()
    # The first circulation's task, delivered late, stands down for the second one's.
    assert tasks.send_minutes_circulated(minutes_id=meeting.pk, circulation=1) == 0
    assert tasks.send_minutes_circulated(minutes_id=meeting.pk, circulation=2) == 2
    assert sorted(message.to[0] for message in mail.outbox) == ["focal@ville.example", "phuoc@yenbai.example"]
    assert meeting.circulation_emails.filter(circulation=2).count() == 2


def test_circulating_needs_attendees(coordinator):
    minutes = MinutesFactory()
    with pytest.raises(ValidationError) as error:
        services.minutes_circulate(minutes=minutes, by=coordinator)
    assert error.value.code == "no_attendees"
    assert Minutes.objects.get(pk=minutes.pk).status == Minutes.Status.DRAFT


def test_approving_a_draft_that_was_not_circulated_is_refused(meeting, coordinator):
    with pytest.raises(ValidationError) as error:
        services.minutes_approve(minutes=meeting, by=coordinator)
    assert error.value.code == "not_circulated"
    assert not MinutesVersion.objects.exists()


def test_only_the_coordination_circulates_and_approves(meeting, focal_point):
    with pytest.raises(PermissionDenied):
        services.minutes_circulate(minutes=meeting, by=focal_point.person.user)
    with pytest.raises(PermissionDenied):
        services.minutes_approve(minutes=meeting, by=focal_point.person.user)


def test_approval_freezes_the_text_as_version_1(meeting, coordinator):
    version, created = approve(meeting, coordinator)
    assert created and version.number == 1
    assert version.approved_by == coordinator and version.approved_on == timezone.localdate()
    meeting.refresh_from_db()
    assert meeting.status == Minutes.Status.APPROVED and meeting.current_version == version
    content = version.content
    assert content["summary"] == "Réunion de travail du réseau à Vientiane."
    assert [a["name"] or a["member"] for a in content["attendees"]] == [
        meeting.attendees.get(person=None).member.name,
        "Nguyễn Thế Phước",
        "Sans Adresse",
    ]
    assert content["decisions"][0]["actions"][0]["title"] == "Confirmation des points focaux"
    assert content["follow_ups"] == [
        {"number": 1, "text": "Envoyer la liste des points focaux", "owner": "La coordination", "due_on": "2025-06-15"}
    ]


def test_a_change_after_approval_goes_back_to_draft_and_the_approved_text_stays(meeting, coordinator, member_client):
    version, _created = approve(meeting, coordinator)
    decision = meeting.decisions.get(section="network", number=1)
    decision.text = "Texte modifié après l'approbation."
    decision.save()
    services.minutes_edited(minutes=meeting, by=coordinator)
    meeting.refresh_from_db()
    assert meeting.status == Minutes.Status.DRAFT
    assert meeting.current_version == version
    version.refresh_from_db()
    assert version.content["decisions"][0]["text"] == "Chaque membre confirme son point focal."
    # Members keep reading the approved version.
    text = page_text(member_client.get(f"/events/{SLUG}/minutes/"))
    assert "Chaque membre confirme son point focal." in text
    assert "Texte modifié après l'approbation." not in text
    text = page_text(member_client.get(f"/events/{SLUG}/"))
    assert "Chaque membre confirme son point focal." in text

    second, created = approve(meeting, coordinator)
    assert created and second.number == 2
    assert second.content["decisions"][0]["text"] == "Texte modifié après l'approbation."
    assert MinutesVersion.objects.get(pk=version.pk).content["decisions"][0]["text"] == (
        "Chaque membre confirme son point focal."
    )


def test_editing_what_is_not_part_of_the_text_keeps_the_minutes_approved(meeting, coordinator):
    approve(meeting, coordinator)
    meeting.follow_ups.update(done_on=datetime.date(2025, 6, 10))
    services.minutes_edited(minutes=meeting, by=coordinator)
    assert Minutes.objects.get(pk=meeting.pk).status == Minutes.Status.APPROVED


def test_approving_minutes_without_decisions_asks_for_confirmation(meeting, coordinator, coordinator_client):
    meeting.decisions.all().delete()
    services.minutes_circulate(minutes=meeting, by=coordinator)
    coordinator_client.cookies["django_language"] = "en"
    response = coordinator_client.post(f"/events/{SLUG}/minutes/approve/")
    assert response.status_code == 200
    text = page_text(response)
    assert "have no decision and no recommendation" in text
    assert "Approve without decisions" in text
    assert Minutes.objects.get(pk=meeting.pk).status == Minutes.Status.CIRCULATED
    assert not MinutesVersion.objects.exists()

    response = coordinator_client.post(f"/events/{SLUG}/minutes/approve/", {"confirm": "without-decisions"})
    assert response.status_code == 302
    assert Minutes.objects.get(pk=meeting.pk).current_version.number == 1


def test_approving_the_same_text_again_makes_no_new_version(meeting, coordinator):
    approve(meeting, coordinator)
    with pytest.raises(ValidationError) as error:
        services.minutes_approve(minutes=meeting, by=coordinator)
    assert error.value.code == "approved"
    assert MinutesVersion.objects.count() == 1


def test_the_workflow_on_the_site(meeting, coordinator_client, django_capture_on_commit_callbacks, monkeypatch):
    rendered = []
    monkeypatch.setattr("minutes.tasks.render_minutes_version.delay", lambda **kwargs: rendered.append(kwargs))
    coordinator_client.cookies["django_language"] = "en"
    body = coordinator_client.get(f"/events/{SLUG}/minutes/").content.decode()
    assert "Circulate to the attendees" in body
    assert f'action="/events/{SLUG}/minutes/approve/"' not in body  # a draft is circulated before approval
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(f"/events/{SLUG}/minutes/circulate/", follow=True)
    text = page_text(response)
    assert "The minutes are circulated" in text
    assert "No e-mail address is known for: Sans Adresse" in text
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(f"/events/{SLUG}/minutes/approve/", follow=True)
    assert "Version 1 is approved" in page_text(response)
    # The version's PDFs are rendered by a task, once the approval is committed.
    assert rendered == [{"version_id": MinutesVersion.objects.get().pk}]
    assert Minutes.objects.get(pk=meeting.pk).status == Minutes.Status.APPROVED


# ---- comments and amendments -----------------------------------------------------------------------------------


def test_an_attendees_focal_point_comments_and_proposes_an_amendment(
    meeting, coordinator, focal_point, client, django_capture_on_commit_callbacks
):
    services.minutes_circulate(minutes=meeting, by=coordinator)
    decision = meeting.decisions.get(section="network", number=1)
    client.force_login(focal_point.person.user)
    client.cookies["django_language"] = "en"
    page = page_text(client.get(f"/events/{SLUG}/minutes/"))
    assert "Comment or propose an amendment" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/events/{SLUG}/minutes/comments/",
            {
                "kind": "amendment",
                "decision": decision.pk,
                "text": "Préciser la date.",
                "proposed_text": "Chaque membre confirme son point focal d'ici à mi-juin.",
            },
        )
    assert response.status_code == 302
    comment = MinutesComment.objects.get()
    assert (comment.author, comment.kind, comment.decision, comment.status) == (
        focal_point.person.user,
        "amendment",
        decision,
        "open",
    )
    (message,) = mail.outbox
    assert message.to == ["coordinator@example.org"]
    assert "d'ici à mi-juin" in message.body

    services.minutes_comment_answer(comment=comment, by=coordinator, status="accepted", answer="Merci.")
    decision.refresh_from_db()
    assert decision.text == "Chaque membre confirme son point focal d'ici à mi-juin."
    version, _created = services.minutes_approve(minutes=meeting, by=coordinator)
    assert version.content["decisions"][0]["text"] == "Chaque membre confirme son point focal d'ici à mi-juin."


def test_an_accepted_amendment_without_a_decision_rewrites_the_summary(meeting, coordinator, focal_point):
    services.minutes_circulate(minutes=meeting, by=coordinator)
    comment = services.minutes_comment_add(
        minutes=meeting,
        by=focal_point.person.user,
        kind="amendment",
        text="",
        proposed_text="Réunion de travail du réseau à Vientiane, le 18 mai 2025.",
    )
    services.minutes_comment_answer(comment=comment, by=coordinator, status="accepted")
    assert Minutes.objects.get(pk=meeting.pk).summary == "Réunion de travail du réseau à Vientiane, le 18 mai 2025."
    with pytest.raises(ValidationError):
        services.minutes_comment_answer(comment=comment, by=coordinator, status="declined")  # answered once
    with pytest.raises(PermissionDenied):
        services.minutes_comment_answer(comment=comment, by=focal_point.person.user, status="noted")


def test_a_comment_needs_words_and_an_amendment_a_proposed_text(meeting, coordinator, focal_point, client):
    services.minutes_circulate(minutes=meeting, by=coordinator)
    client.force_login(focal_point.person.user)
    client.cookies["django_language"] = "en"
    response = client.post(f"/events/{SLUG}/minutes/comments/", {"kind": "amendment", "text": "Voir plus haut."})
    assert response.status_code == 400
    assert "Write the wording you propose." in page_text(response)
    response = client.post(f"/events/{SLUG}/minutes/comments/", {"kind": "comment", "text": "   "})
    assert response.status_code == 400
    assert "Write your comment." in page_text(response)
    other_minutes_decision = DecisionFactory()
    response = client.post(
        f"/events/{SLUG}/minutes/comments/",
        {"kind": "comment", "text": "Hors sujet", "decision": other_minutes_decision.pk},
    )
    assert response.status_code == 400
    assert not MinutesComment.objects.exists()


def test_comments_are_closed_outside_circulation(meeting, focal_point, client):
    client.force_login(focal_point.person.user)
    response = client.post(f"/events/{SLUG}/minutes/comments/", {"kind": "comment", "text": "Trop tôt"})
    assert response.status_code == 403
    assert not MinutesComment.objects.exists()


# ---- who may do what --------------------------------------------------------------------------------------------

ROLES = ["visitor", "non_member", "member", "focal_point", "other_focal_point", "coordinator"]


def log_in(client, role, *, member_person, focal_point, coordinator):
    user = {
        "visitor": None,
        "non_member": UserFactory() if role == "non_member" else None,
        "member": member_person.user,
        "focal_point": focal_point.person.user,
        "other_focal_point": other_focal_point().person.user if role == "other_focal_point" else None,
        "coordinator": coordinator,
    }[role]
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def as_role(client, member_person, focal_point, coordinator):
    def login(role):
        return log_in(client, role, member_person=member_person, focal_point=focal_point, coordinator=coordinator)

    return login


# status code per role for: reading approved minutes, commenting on circulated ones, managing them
EXPECTED = {
    "visitor": (302, 302, 302),
    "non_member": (403, 403, 403),
    "member": (200, 403, 403),
    "focal_point": (200, 302, 403),
    "other_focal_point": (200, 403, 403),
    "coordinator": (200, 302, 302),
}


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix_of_the_minutes_pages(role, meeting, coordinator, as_role):
    approve(meeting, coordinator)
    client = as_role(role)
    read, _comment, _manage = EXPECTED[role]
    for url in (f"/events/{SLUG}/minutes/", f"/events/{SLUG}/minutes/versions/1/"):
        response = client.get(url)
        assert response.status_code == read, (url, response.status_code)
        if read == 302:
            assert response["Location"] == f"/accounts/login/?next={url}"
        if read == 200:
            assert "Chaque membre confirme son point focal." in page_text(response)


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix_of_the_workflow_actions(role, meeting, coordinator, as_role, monkeypatch):
    monkeypatch.setattr("minutes.tasks.render_minutes_version.delay", lambda **kwargs: None)
    services.minutes_circulate(minutes=meeting, by=coordinator)
    client = as_role(role)
    _read, comment, manage = EXPECTED[role]
    response = client.post(f"/events/{SLUG}/minutes/comments/", {"kind": "comment", "text": "Une remarque."})
    assert response.status_code == comment
    assert MinutesComment.objects.exists() == (comment == 302 and role != "visitor")

    if MinutesComment.objects.exists():
        pk = MinutesComment.objects.get().pk
    else:
        pk = MinutesComment.objects.create(minutes=meeting, author=coordinator, text="x").pk
    response = client.post(f"/events/{SLUG}/minutes/comments/{pk}/answer/", {"status": "noted"})
    assert response.status_code == manage
    response = client.post(f"/events/{SLUG}/minutes/approve/")
    assert response.status_code == manage
    approved = Minutes.objects.get(pk=meeting.pk).status == Minutes.Status.APPROVED
    assert approved == (role == "coordinator")
    response = client.post(f"/events/{SLUG}/minutes/versions/1/render/")
    assert response.status_code == manage


def test_the_text_being_circulated_is_for_the_attendees_and_the_coordination(
    meeting, coordinator, member_client, focal_point
):
    approve(meeting, coordinator)
    decision = meeting.decisions.get(section="network", number=1)
    decision.text = "Nouvelle rédaction en cours."
    decision.save()
    services.minutes_edited(minutes=meeting, by=coordinator)
    services.minutes_circulate(minutes=meeting, by=coordinator)
    # A member who did not attend reads the approved version only.
    text = page_text(member_client.get(f"/events/{SLUG}/minutes/"))
    assert "Chaque membre confirme son point focal." in text and "Nouvelle rédaction en cours." not in text
    # The focal point of a member that attended reads the circulated text.
    member_client.force_login(focal_point.person.user)
    text = page_text(member_client.get(f"/events/{SLUG}/minutes/"))
    assert "Nouvelle rédaction en cours." in text


def test_draft_minutes_are_not_shown_to_members(meeting, member_client):
    response = member_client.get(f"/events/{SLUG}/minutes/")
    assert response.status_code == 200
    assert "Chaque membre confirme son point focal." not in page_text(response)
    assert "Chaque membre confirme son point focal." not in page_text(member_client.get(f"/events/{SLUG}/"))


def test_missing_minutes_and_versions_are_404(meeting, coordinator, member_client):
    approve(meeting, coordinator)
    assert member_client.get(f"/events/{SLUG}/minutes/versions/2/").status_code == 404
    assert member_client.get("/events/no-such-event/minutes/").status_code == 404
    other = EventFactory()
    assert member_client.get(f"/events/{other.slug}/minutes/").status_code == 404


# ---- what the pages show ----------------------------------------------------------------------------------------


def test_the_minutes_page_shows_attendees_decisions_follow_up_and_versions(meeting, coordinator, member_client):
    approve(meeting, coordinator)
    member_client.cookies["django_language"] = "en"
    text = page_text(member_client.get(f"/events/{SLUG}/minutes/"))
    assert "Nguyễn Thế Phước" in text and "Sans Adresse" in text
    assert "Present (2)" in text and "Excused (1)" in text
    assert "Points focaux" in text and "Une veille mensuelle." in text
    assert "Confirmation des points focaux" in text  # the linked action
    assert "Envoyer la liste des points focaux" in text and "June 15, 2025" in text
    assert "Read version 1" in text and "PDF of version 1" in text


def test_html_typed_into_minutes_is_escaped_on_the_page(meeting, coordinator, member_client):
    decision = meeting.decisions.get(section="network", number=1)
    decision.text = "<b>gras</b> <script>alert('x')</script>"
    decision.save()
    approve(meeting, coordinator)
    body = member_client.get(f"/events/{SLUG}/minutes/").content.decode()
    assert "&lt;b&gt;gras&lt;/b&gt;" in body and "<b>gras</b>" not in body
    assert "<script>alert" not in body


def test_validation_rounds_reported_in_the_minutes_are_shown_with_a_link(meeting, coordinator, member_client):
    consultation = Consultation.objects.create(
        subject="Plan d'action assainissement",
        opened_on=datetime.datetime(2025, 4, 1, tzinfo=PHNOM_PENH),
        deadline=datetime.datetime(2025, 4, 30, tzinfo=PHNOM_PENH),
        closed_at=datetime.datetime(2025, 4, 30, tzinfo=PHNOM_PENH),
        result=Consultation.Result.VALIDATED,
        reported_in=meeting,
    )
    version, _created = approve(meeting, coordinator)
    (row,) = version.content["consultations"]
    assert (row["id"], row["subject"], row["result"]) == (consultation.pk, "Plan d'action assainissement", "validated")
    assert datetime.datetime.fromisoformat(row["closed_at"]) == consultation.closed_at
    body = member_client.get(f"/events/{SLUG}/minutes/").content.decode()
    assert f'href="/consultations/{consultation.pk}/"' in body
    assert "Plan d&#x27;action assainissement" in body


def test_the_event_page_links_to_the_summary_for_members_only(rvase_2023, member_client):
    url = "/events/reunion-annuelle-2023/"
    body = member_client.get(url).content.decode()
    assert 'href="/events/reunion-annuelle-2023/minutes.pdf"' not in body  # no approved version
    assert 'href="/events/reunion-annuelle-2023/summary.pdf"' in body
    assert 'href="/events/reunion-annuelle-2023/minutes/"' in body
    visitor = Client().get(url).content.decode()
    assert "minutes.pdf" not in visitor and "Afin d'être intégrés" not in visitor
    assert "Transmis pour validation le 31 mai 2023" in visitor
    assert "/accounts/login/?next=/events/reunion-annuelle-2023/" in visitor


def test_an_actions_page_lists_the_approved_decisions_about_it(meeting, coordinator, member_client):
    action = meeting.decisions.get(section="network", number=1).actions.get()
    url = action.get_absolute_url()
    assert "Points focaux" not in page_text(member_client.get(url))  # draft: not yet
    approve(meeting, coordinator)
    body = member_client.get(url).content.decode()
    assert f'href="/events/{SLUG}/minutes/#decision-network-1"' in body
    assert "Points focaux" in page_text(member_client.get(url))


@pytest.mark.parametrize("reader", ["coordinator", "member"])
def test_the_minutes_page_query_count_does_not_grow_with_the_minutes(
    reader, meeting, coordinator, member_person, client
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(coordinator if reader == "coordinator" else member_person.user)
    url = f"/events/{SLUG}/minutes/"

    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context.captured_queries)

    approve(meeting, coordinator)
    MinutesComment.objects.create(minutes=meeting, author=coordinator, text="Une remarque.")
    warm_up(client)
    few = queries()
    for number in range(2, 30):
        decision = DecisionFactory(minutes=meeting, number=number)
        decision.actions.add(ActionFactory())
        MinutesAttendeeFactory(minutes=meeting)
        FollowUpFactory(minutes=meeting, number=number)
        MinutesComment.objects.create(minutes=meeting, author=coordinator, text="Une autre remarque.")
    services.minutes_edited(minutes=meeting, by=coordinator)
    approve(meeting, coordinator)
    assert queries() == few
    assert few <= 25


def test_the_admin_edits_the_text_and_approved_minutes_go_back_to_draft(meeting, coordinator, coordinator_client):
    from tests.events.conftest import admin_form_data

    approve(meeting, coordinator)
    services.send_minutes_circulated(minutes=Minutes.objects.get(pk=meeting.pk))
    url = f"/admin/minutes/minutes/{meeting.pk}/change/"
    response = coordinator_client.get(url)
    assert response.status_code == 200
    assert "phuoc@yenbai.example" in page_text(response)  # who the circulation was e-mailed to
    data = admin_form_data(response)
    data["summary"] = "Résumé corrigé."
    response = coordinator_client.post(url, data)
    assert response.status_code == 302, response.context["errors"] if response.context else response
    meeting.refresh_from_db()
    assert meeting.summary == "Résumé corrigé."
    assert meeting.status == Minutes.Status.DRAFT and meeting.edited_by == coordinator
    assert meeting.current_version.content["summary"] == "Réunion de travail du réseau à Vientiane."


def test_a_circulation_is_a_mailing_its_reader_may_leave_in_one_click(
    meeting, coordinator, focal_point, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://portail.rvase.example"
    focal_point.person.email = "focal@ville.example"
    focal_point.person.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.minutes_circulate(minutes=meeting, by=coordinator)
    received = {message.to[0]: parsed(message) for message in mail.outbox}
    assert set(received) == {"focal@ville.example", "phuoc@yenbai.example"}
    path = assert_bulk(received["phuoc@yenbai.example"], language="fr")
    assert received["phuoc@yenbai.example"]["List-Id"] == "<minutes-circulation.portail.rvase.example>"
    assert_bulk(received["focal@ville.example"], language="fr")
    assert one_click(Client(enforce_csrf_checks=True), path).status_code == 200
    # Circulated again after changes: only the other one is written to.
    mail.outbox.clear()
    meeting.refresh_from_db()
    assert services.send_minutes_circulated(minutes=meeting) == 0  # this circulation: both already recorded
    Minutes.objects.filter(pk=meeting.pk).update(circulation_count=2)
    meeting.refresh_from_db()
    assert services.send_minutes_circulated(minutes=meeting) == 1
    assert [message.to for message in mail.outbox] == [["focal@ville.example"]]
