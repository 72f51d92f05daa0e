import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from consultations import services
from tests.factories import CoordinatorFactory, FocalPointFactory, MemberFactory, PersonFactory, UserFactory


@pytest.fixture
def network(db):
    """Three members with a focal point each, and a plain member person of the first."""
    hue = MemberFactory(name="Hué", slug="hue")
    vientiane = MemberFactory(name="Vientiane", slug="vientiane")
    kampot = MemberFactory(name="Province de Kampot", slug="kampot")
    focal_points = {
        member.slug: FocalPointFactory(
            member=member, person=PersonFactory(member=member, email=f"fp@{member.slug}.example", user=UserFactory())
        )
        for member in (hue, vientiane, kampot)
    }
    return {
        "hue": hue,
        "vientiane": vientiane,
        "kampot": kampot,
        "focal_points": focal_points,
        "hue_person": PersonFactory(member=hue, user=UserFactory()),
        "coordinator": CoordinatorFactory(),
    }


@pytest.fixture
def consultation(network):
    now = timezone.now()
    return services.consultation_open(
        by=network["coordinator"],
        subject="Plan d'action thématique GBV 2023-2025",
        text="Le plan est soumis pour validation par l'ensemble des membres du RVASE.",
        opened_on=now - dt.timedelta(days=1),
        deadline=now + dt.timedelta(days=10),
        tacit_approval=False,
        eligible=[network["hue"], network["vientiane"], network["kampot"]],
    )


def client_for(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client
