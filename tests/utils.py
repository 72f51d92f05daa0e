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
