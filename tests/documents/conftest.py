import pytest

from documents.models import Document
from tests.factories import (
    CoordinatorFactory,
    DocumentFactory,
    DocumentVersionFactory,
    FocalPointFactory,
    MemberFactory,
    PersonFactory,
    UserFactory,
)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Every file a documents test stores lands in a temporary folder, removed afterwards."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    return settings.MEDIA_ROOT


def stored_files(root) -> list:
    return sorted(path for path in root.rglob("*") if path.is_file())


ROLES = ["visitor", "member", "focal_point", "other_focal_point", "coordinator"]


@pytest.fixture
def people(member):
    """One user per role; "member" and "focal_point" belong to `member`, "other_focal_point" to another one."""
    other = MemberFactory()
    return {
        "visitor": None,
        "member": PersonFactory(member=member, user=UserFactory()).user,
        "focal_point": FocalPointFactory(member=member, person__user=UserFactory()).person.user,
        "other_focal_point": FocalPointFactory(member=other, person__user=UserFactory()).person.user,
        "coordinator": CoordinatorFactory(),
    }


def login(client, user):
    client.logout()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def document_with_versions(member):
    """A document of `member` with two versions, per visibility."""

    def build(visibility: str) -> Document:
        document = DocumentFactory(
            title=f"Note {visibility} de Hué", visibility=visibility, member=member, description="Texte."
        )
        DocumentVersionFactory(document=document, number=1, original_name="ancienne.pdf")
        DocumentVersionFactory(document=document, number=2, original_name="actuelle.pdf")
        return document

    return build
