import contextlib
import os
import shutil
import threading
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import translation

from tests.factories import PASSWORD, CoordinatorFactory, FocalPointFactory, PersonFactory, UserFactory

# Playwright's sync API runs an event loop in the test thread; the ORM calls made beside it are safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


# The longest modules (a minute or more each: site walks, fuzzing, servers started and killed, migrations run back and
# forth, PDFs rendered) run first: in a parallel run (`make test`), no worker is left with one of them at the end.
LONGEST_FIRST = (
    "tests/common/test_standards.py",
    "tests/common/test_fuzz.py",
    "tests/common/test_redis_outage.py",
    "tests/minutes/test_migration.py",
    "tests/digest/test_worker.py",
    "tests/digest/test_production.py",
    "tests/coordination/test_changelists.py",
    "tests/coordination/test_journey.py",
    "tests/minutes/test_pdfs.py",
    "tests/minutes/test_summary_complete.py",
    "tests/common/test_hostile_values.py",
    "tests/common/test_static_files.py",
    "tests/common/test_backup.py",
)


def pytest_collection_modifyitems(items):
    """Same order in every worker (a stable sort on the module), the longest modules first."""
    rank = {path: number for number, path in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.nodeid.split("::", 1)[0], len(rank)))


def pytest_sessionfinish(session):
    """The run's own media folder (rvase/settings/test.py: var/test-media/<run>/<worker>) goes with the run."""
    run = os.environ.get("RVASE_TEST_RUN")
    media = Path(os.environ.get("MEDIA_ROOT", ""))
    if run and media.parent.name == run and media.parent.parent.name == "test-media":
        shutil.rmtree(media, ignore_errors=True)
        with contextlib.suppress(OSError):
            media.parent.rmdir()  # the last worker to finish removes the run's folder


@pytest.fixture(scope="session", autouse=True)
def _first_run_pdfs_rendered_once_per_worker():
    """The record's first run files three PDFs in two languages (record/first_run.py), some 15 s of WeasyPrint in
    every test that loads the record with commits (browser journeys). A document whose HTML is byte for byte one
    already rendered in this worker is given that rendering's bytes; only the first run's renderings are kept, so
    every test of the renderer itself (failures, time-outs, renders counted) still renders."""
    from common import pdf
    from record import first_run

    renderings: dict[tuple[str, bool], bytes] = {}
    render_in_child, file_documents = pdf._render_in_child, first_run.file_first_run_documents
    filing = threading.local()

    def render_once(html: str, *, archival: bool, timeout: float) -> bytes:
        if not getattr(filing, "active", False):
            return render_in_child(html, archival=archival, timeout=timeout)
        if (html, archival) not in renderings:
            renderings[html, archival] = render_in_child(html, archival=archival, timeout=timeout)
        return renderings[html, archival]

    def file_first_run_documents() -> int:
        filing.active = True
        try:
            return file_documents()
        finally:
            filing.active = False

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pdf, "_render_in_child", render_once)
        patch.setattr(first_run, "file_first_run_documents", file_first_run_documents)
        yield


@pytest.fixture(autouse=True)
def _clear_cache():
    """Rate-limit counters live in the real Redis cache: each test starts from a clean slate."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture
def rvase_2023(db):
    """The network's real 2023 data, as `make run` loads it."""
    call_command("load_rvase_2023", verbosity=0)


@pytest.fixture
def demo_site(rvase_2023, settings):
    """The 2023 data and the demo accounts of DESIGN.md, as `make run` sets them up (for browser journeys)."""
    settings.DEBUG = True  # only to let the demo set-up create its accounts
    call_command("create_demo_accounts", verbosity=0)
    settings.DEBUG = False


@pytest.fixture
def english_messages():
    """Messages in English outside a request too (there, French is the default): for tests that read them."""
    with translation.override("en"):
        yield


@pytest.fixture
def english(client):
    """The test client of a reader who chose English."""
    client.cookies["django_language"] = "en"
    return client


@pytest.fixture
def coordinator(db):
    return CoordinatorFactory(email="coordinator@example.org")


@pytest.fixture
def member(db):
    from tests.factories import MemberFactory

    return MemberFactory()


@pytest.fixture
def focal_point(member):
    user = UserFactory()
    return FocalPointFactory(member=member, person__user=user, person__member=member)


@pytest.fixture
def member_person(member):
    """A person of the member who is not its focal point."""
    return PersonFactory(member=member, user=UserFactory())


@pytest.fixture
def coordinator_client(client, coordinator):
    client.force_login(coordinator)
    return client


@pytest.fixture
def focal_point_client(client, focal_point):
    client.force_login(focal_point.person.user)
    return client


@pytest.fixture
def member_client(client, member_person):
    client.force_login(member_person.user)
    return client


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="fr-FR")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()
