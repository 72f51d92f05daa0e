import pytest
from django.core.management import CommandError, call_command

from accounts.models import User
from members.models import FocalPoint

pytestmark = pytest.mark.django_db


def test_demo_accounts_are_refused_outside_the_demo(rvase_2023, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="demo"):
        call_command("create_demo_accounts")
    assert not User.objects.filter(email__endswith="@rvase.example").exists()


def test_demo_accounts_have_the_roles_of_design_md_and_are_not_duplicated(rvase_2023, settings, client):
    settings.DEBUG = True
    call_command("create_demo_accounts")
    call_command("create_demo_accounts")
    assert User.objects.filter(email__endswith="@rvase.example").count() == 4

    coordination = User.objects.get(email="coordination@rvase.example")
    assert coordination.is_coordinator and coordination.is_staff
    hue = FocalPoint.objects.get(person__user__email="hue@rvase.example")
    assert hue.member.slug == "hue" and hue.is_primary and hue.confirmed_on
    assert FocalPoint.objects.get(person__user__email="vientiane@rvase.example").member.slug == "vientiane"
    membre = User.objects.get(email="membre@rvase.example")
    assert membre.person.member.slug == "phnom-penh"
    assert not FocalPoint.objects.filter(person__user=membre).exists()
    assert not membre.is_coordinator

    for email, password in [("coordination@rvase.example", "demo-coordination"), ("hue@rvase.example", "demo-hue")]:
        assert client.login(email=email, password=password)
