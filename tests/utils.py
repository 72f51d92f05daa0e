import html
import re


def page_text(response) -> str:
    """What a reader sees of a page: tags dropped, entities decoded, white space folded."""
    body = response.content.decode()
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def warm_up(client) -> None:
    """A logged-in client's first request reads the user from the database, the next ones from the cache
    (accounts.backends): query counts compare requests made after this one."""
    assert client.get("/").status_code == 200


def log_in(page, email: str, password: str) -> None:
    """Log in through the login page of a browser, in French (the site's language until the reader picks one)."""
    page.goto("/accounts/login/")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state()


def log_in_in_english(page, live_server, email: str, password: str) -> None:
    """Log in as a reader who chose English, and check the reader is logged in."""
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page.goto("/accounts/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()
    assert page.get_by_role("button", name="Log out").is_visible()
