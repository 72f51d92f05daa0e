import pytest


@pytest.fixture
def media(settings, tmp_path):
    """The stored PDFs of one test, in its own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
