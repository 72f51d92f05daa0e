import datetime as dt
import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from consultations import services
from consultations.models import Consultation, Response, ResponseChange
from tests.consultations.conftest import client_for
from tests.factories import DuesRecordFactory, MemberFactory
from tests.utils import page_text

pytestmark = pytest.mark.django_db


def answer(client, consultation, member, **data):
    return client.post(f"/consultations/{consultation.pk}/", {"member": member.slug, **data})


def test_the_focal_point_answers_and_can_change_until_the_deadline_every_change_kept(network, consultation):
    client = client_for(network["focal_points"]["hue"].person.user)
    response = answer(client, consultation, network["hue"], answer="approve")
    assert response.status_code == 302
    answer(client, consultation, network["hue"], answer="approve_with_comments", comment="Ajouter Can Tho.")
    current = Response.objects.get(consultation=consultation, member=network["hue"])
    assert current.answer == "approve_with_comments" and current.comment == "Ajouter Can Tho."
    assert list(
        ResponseChange.objects.filter(consultation=consultation, member=network["hue"]).values_list("answer", flat=True)
    ) == ["approve", "approve_with_comments"]
    text = page_text(client.get(f"/consultations/{consultation.pk}/"))
    assert "Ajouter Can Tho." in text and "Réponses précédentes" in text


def test_an_objection_without_a_reason_is_refused_and_nothing_saved(network, consultation):
    client = client_for(network["focal_points"]["vientiane"].person.user)
    response = answer(client, consultation, network["vientiane"], answer="object", comment="   ")
    assert response.status_code == 200
    assert "Une objection doit être motivée." in page_text(response)
    assert not Response.objects.exists() and not ResponseChange.objects.exists()


def test_answers_after_the_deadline_are_refused(network, consultation):
    Consultation.objects.filter(pk=consultation.pk).update(deadline=timezone.now() - dt.timedelta(minutes=1))
    client = client_for(network["focal_points"]["hue"].person.user)
    response = answer(client, consultation, network["hue"], answer="approve")
    assert "La date limite est passée" in page_text(response)
    assert not Response.objects.exists()
    with pytest.raises(ValidationError):
        services.response_submit(
            consultation=consultation,
            member=network["hue"],
            by=network["focal_points"]["hue"].person.user,
            answer="approve",
        )


def test_a_tampered_member_id_is_refused(network, consultation):
    client = client_for(network["focal_points"]["hue"].person.user)
    response = answer(client, consultation, network["vientiane"], answer="object", comment="Au nom d'un autre.")
    assert response.status_code == 403
    assert not Response.objects.exists()


def test_a_member_not_consulted_sees_why(network, consultation):
    outsider = MemberFactory(name="Can Tho", slug="can-tho")
    from tests.factories import FocalPointFactory, PersonFactory, UserFactory

    # Its dues of the round's year are recorded and unpaid: that is why it was left out.
    DuesRecordFactory(member=outsider, year=timezone.localtime(consultation.opened_on).year, status="unpaid")

    focal_point = FocalPointFactory(member=outsider, person=PersonFactory(member=outsider, user=UserFactory()))
    client = client_for(focal_point.person.user)
    text = page_text(client.get(f"/consultations/{consultation.pk}/"))
    assert "Can Tho ne fait pas partie des membres consultés" in text
    assert "cotisations" in text
    response = answer(client, consultation, outsider, answer="approve")
    assert response.status_code == 403


def test_default_eligible_members_are_those_in_good_standing(network):
    year = timezone.localdate().year
    DuesRecordFactory(member=network["hue"], year=year)
    DuesRecordFactory(member=network["kampot"], year=year, status="exempt")
    DuesRecordFactory(member=network["vientiane"], year=year, status="partial")
    now = timezone.now()
    consultation = services.consultation_open(
        by=None, subject="Document constitutif", opened_on=now, deadline=now + dt.timedelta(days=30)
    )
    assert set(consultation.eligible_members.all()) == {network["hue"], network["kampot"]}


def test_a_member_whose_dues_nobody_recorded_is_consulted_by_default(network):
    """Nothing recorded keeps a member in (issue 15), unless the coordination counts it unpaid for the year."""
    from members.models import DuesYear

    year = timezone.localdate().year
    DuesRecordFactory(member=network["vientiane"], year=year, status="partial")
    now = timezone.now()
    opened = services.consultation_open(
        by=None, subject="Document constitutif", opened_on=now, deadline=now + dt.timedelta(days=30)
    )
    assert {network["hue"], network["kampot"]} <= set(opened.eligible_members.all())
    assert network["vientiane"] not in opened.eligible_members.all()
    DuesYear.objects.create(year=year, amount=500, unrecorded_counts_as_unpaid=True)
    strict = services.consultation_open(by=None, subject="Charte", opened_on=now, deadline=now + dt.timedelta(days=30))
    assert network["hue"] not in strict.eligible_members.all()


def test_a_deadline_before_the_opening_is_refused(network):
    now = timezone.now()
    with pytest.raises(ValidationError) as error:
        services.consultation_open(by=None, subject="À l'envers", opened_on=now, deadline=now - dt.timedelta(days=1))
    assert "deadline" in error.value.message_dict
    assert not Consultation.objects.exists()


@pytest.mark.parametrize(
    ("role", "status"),
    [("visitor", "login"), ("member", 200), ("focal_point", 200), ("other_focal_point", 200), ("coordinator", 200)],
)
def test_permission_matrix_for_reading(network, consultation, role, status):
    users = {
        "visitor": None,
        "member": network["hue_person"].user,
        "focal_point": network["focal_points"]["hue"].person.user,
        "other_focal_point": network["focal_points"]["vientiane"].person.user,
        "coordinator": network["coordinator"],
    }
    client = client_for(users[role])
    for url in ("/consultations/", f"/consultations/{consultation.pk}/"):
        response = client.get(url)
        if status == "login":
            assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
        else:
            assert response.status_code == 200
            assert "Plan d'action thématique GBV" in page_text(response)


def test_only_focal_points_answer_and_only_the_coordinator_closes(network, consultation):
    plain = client_for(network["hue_person"].user)
    assert answer(plain, consultation, network["hue"], answer="approve").status_code == 403
    assert plain.post(f"/consultations/{consultation.pk}/close/").status_code == 403
    focal_point = client_for(network["focal_points"]["hue"].person.user)
    assert focal_point.post(f"/consultations/{consultation.pk}/close/").status_code == 403
    assert client_for(None).post(f"/consultations/{consultation.pk}/close/").status_code == 302
    consultation.refresh_from_db()
    assert not consultation.is_closed
    assert client_for(network["coordinator"]).post(f"/consultations/{consultation.pk}/close/").status_code == 302
    consultation.refresh_from_db()
    assert consultation.is_closed and consultation.result == "no_quorum"


def test_service_refuses_someone_who_is_not_the_members_focal_point(network, consultation):
    with pytest.raises(PermissionDenied):
        services.response_submit(
            consultation=consultation, member=network["hue"], by=network["hue_person"].user, answer="approve"
        )


@pytest.mark.django_db(transaction=True)
def test_two_people_answering_at_the_same_moment_leave_one_current_answer(network, consultation):
    from tests.factories import FocalPointFactory, PersonFactory, UserFactory

    hue = network["hue"]
    second = FocalPointFactory(member=hue, is_primary=False, person=PersonFactory(member=hue, user=UserFactory()))
    users = [network["focal_points"]["hue"].person.user, second.person.user]
    barrier = threading.Barrier(len(users))
    errors = []

    def submit(user, choice):
        try:
            barrier.wait()
            services.response_submit(
                consultation=consultation,
                member=hue,
                by=user,
                answer=choice,
                comment="Motif." if choice == "object" else "",
            )
        except Exception as error:  # noqa: BLE001
            errors.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=submit, args=(user, choice))
        for user, choice in zip(users, ["approve", "object"], strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert Response.objects.filter(consultation=consultation, member=hue).count() == 1
    assert ResponseChange.objects.filter(consultation=consultation, member=hue).count() == 2
    last = ResponseChange.objects.filter(consultation=consultation, member=hue).order_by("pk").last()
    assert Response.objects.get(consultation=consultation, member=hue).answer == last.answer


def test_the_2023_round_is_loaded_closed_with_no_answer_and_no_invented_result(rvase_2023, member_client):
    from django.core.management import call_command

    call_command("load_rvase_2023", verbosity=0)
    consultation = Consultation.objects.get()
    assert timezone.localtime(consultation.opened_on).date() == dt.date(2023, 5, 31)
    assert consultation.eligible_members.count() == 12
    assert not consultation.responses.exists()
    assert consultation.is_closed and consultation.result == ""
    assert consultation.minutes.event.slug == "reunion-annuelle-2023"
    assert "Les thèmes proposés font consensus" in consultation.text
    # The hourly closing never turns the deck's silence into a result.
    services.consultations_close_due()
    consultation.refresh_from_db()
    assert consultation.result == ""
    text = page_text(member_client.get(f"/consultations/{consultation.pk}/"))
    assert "Aucun résultat n'a été enregistré" in text
    # No rule the deck does not state.
    assert (consultation.quorum, consultation.approval_threshold, consultation.tacit_approval) == (None, None, None)
    assert "Non précisées : la source de cette consultation ne donne aucune règle." in text
    assert "le silence vaut approbation" not in text.lower() and "50 %" not in text
