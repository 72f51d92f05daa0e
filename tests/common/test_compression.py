"""Pages are sent compressed to browsers that accept it, logged-in ones too (with Django's BREACH padding)."""

import gzip

import pytest

pytestmark = pytest.mark.django_db


def test_a_logged_in_page_with_a_token_is_sent_compressed(rvase_2023, member_client):
    plain = member_client.get("/documents/")
    zipped = member_client.get("/documents/", headers={"Accept-Encoding": "gzip"})
    assert zipped["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in zipped["Vary"]
    text = gzip.decompress(zipped.content).decode()
    assert "csrfmiddlewaretoken" in text and "Documents partagés" in text
    assert len(zipped.content) < len(plain.content) / 2
