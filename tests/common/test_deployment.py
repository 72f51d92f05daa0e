"""docker-compose.yml publishes nothing beyond this machine: the web port (behind the TLS proxy on the same host)
and mailpit, which shows every e-mail of staging, are bound to 127.0.0.1."""

import re
from pathlib import Path

COMPOSE = Path(__file__).resolve().parents[2] / "docker-compose.yml"


def published_ports() -> dict[str, list[str]]:
    """Each service's `ports:` entries, read from the file as written."""
    ports: dict[str, list[str]] = {}
    service = None
    in_ports = False
    for line in COMPOSE.read_text().splitlines():
        if match := re.match(r"^  ([\w-]+):\s*$", line):
            service, in_ports = match.group(1), False
        elif re.match(r"^    ports:\s*$", line):
            in_ports = True
        elif in_ports and (match := re.match(r'^      - "?([^"\s]+)"?\s*$', line)):
            ports.setdefault(service, []).append(match.group(1))
        elif in_ports and not line.startswith("      "):
            in_ports = False
    return ports


def test_only_the_web_and_mailpit_publish_ports_and_only_on_the_loopback():
    assert published_ports() == {"web": ["127.0.0.1:8000:8000"], "mailpit": ["127.0.0.1:8025:8025"]}
