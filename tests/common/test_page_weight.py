"""Weight for slow links, measured in Chromium with an empty cache: every page ≤ 150 KB on the wire, the next page of
the same visit ≤ 20 KB, fonts as WOFF2 subsets, nothing fetched from another site."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FIRST_PAGE_BUDGET = 150 * 1024
NEXT_PAGE_BUDGET = 20 * 1024
PAGES = ["/", "/members/", "/plan/", "/events/", "/documents/", "/news/", "/members/phnom-penh/"]


class Wire:
    """Bytes received per request, as Chromium counts them (headers and the body as sent, compressed or not)."""

    def __init__(self, page):
        self.session = page.context.new_cdp_session(page)
        self.session.send("Network.enable")
        self.urls: dict[str, str] = {}
        self.types: dict[str, str] = {}
        self.bytes: dict[str, int] = {}
        self.session.on("Network.requestWillBeSent", self._sent)
        self.session.on("Network.responseReceived", self._received)
        self.session.on("Network.loadingFinished", self._finished)

    def _sent(self, event):
        self.urls[event["requestId"]] = event["request"]["url"]

    def _received(self, event):
        self.types[event["requestId"]] = event["response"]["headers"].get(
            "content-type", event["response"]["headers"].get("Content-Type", "")
        )

    def _finished(self, event):
        self.bytes[event["requestId"]] = int(event["encodedDataLength"])

    def reset(self):
        self.urls.clear()
        self.types.clear()
        self.bytes.clear()

    def total(self) -> int:
        return sum(self.bytes.values())

    def report(self) -> str:
        return "\n".join(
            f"{self.bytes.get(key, 0):>8} {self.types.get(key, ''):30} {url}" for key, url in self.urls.items()
        )


def visit(page, wire, url):
    page.goto(url)
    page.wait_for_load_state("networkidle")
    page.evaluate("document.fonts.ready")


@pytest.mark.parametrize("url", PAGES)
def test_a_first_page_and_the_next_one_stay_within_budget(demo_site, page, live_server, url):
    wire = Wire(page)
    visit(page, wire, url)
    first = wire.total()
    first_report = wire.report()
    assert all(address.startswith(live_server.url) for address in wire.urls.values()), first_report
    fonts = [address for address in wire.urls.values() if "/fonts/" in address]
    assert fonts and all(address.endswith(".woff2") for address in fonts), first_report
    assert first <= FIRST_PAGE_BUDGET, f"{url}: {first} bytes\n{first_report}"

    wire.reset()
    visit(page, wire, "/events/" if url != "/events/" else "/news/")
    second = wire.total()
    assert all(address.startswith(live_server.url) for address in wire.urls.values()), wire.report()
    assert second <= NEXT_PAGE_BUDGET, f"second page after {url}: {second} bytes\n{wire.report()}"
    print(f"{url:24} first {first / 1024:6.1f} KiB   next {second / 1024:5.1f} KiB")
