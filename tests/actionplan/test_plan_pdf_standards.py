"""The printable action plan is a tagged PDF (PDF/UA-1's parts the tests can see) like every generated PDF:
its language, its title shown, every glyph from static/fonts (tests/common/pdf_structure.py)."""

import pytest

from tests.common.pdf_structure import assert_tagged, read_structure

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("language", "title"), [("fr", "Plan d'action 2023"), ("en", "2023 Action plan")])
def test_the_printable_plan_is_tagged_in_the_readers_language(rvase_2023, client, member_person, language, title):
    client.cookies["django_language"] = language  # the reader's choice of language
    client.force_login(member_person.user)
    response = client.get("/plan/2023/plan.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    structure = read_structure(response.content)
    assert_tagged(structure, lang=language, title=title)
    assert structure.pdfa is None  # printed on demand, not an archival record
