"""Lighthouse 12 (mobile) on the eight main pages, as issue 19 measures them: `make lighthouse`.

Sets up a throw-away SQLite database with the network's 2023 record, serves it with gunicorn (DEBUG off, static files
through WhiteNoise, as in production), runs `npx --yes lighthouse@12.2.3` on each page with Debian's Chromium, and
prints the four scores per page. Not part of `make test`: it needs the npm registry the first time and a quiet
machine for the performance score to mean anything. Exit status 1 when a page scores under --minimum (95) in any
of the four categories (issue 19).
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
LIGHTHOUSE = "lighthouse@12.2.3"
CHROME = "/usr/bin/chromium"
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
JUDGED = CATEGORIES
PAGES = [
    ("home", "/"),
    ("directory", "/members/"),
    ("a member", "/members/hue/"),
    ("plan", "/plan/"),
    ("an action", "/plan/2023/actions/1/"),
    ("events", "/events/"),
    ("2023 meeting", "/events/reunion-annuelle-2023/"),
    ("documents", "/documents/"),
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def environment(workdir: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DATABASE_", "REDIS_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="rvase.settings.local",
        DEBUG="false",
        SECRET_KEY="lighthouse-throw-away",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        DATABASE_URL=f"sqlite:///{workdir / 'lighthouse.sqlite3'}",
        MEDIA_ROOT=str(workdir / "media"),
        STATIC_ROOT=str(workdir / "static"),
    )
    return env


def set_up(env: dict[str, str]) -> None:
    for command in (
        ["migrate", "--no-input", "-v", "0"],
        ["compilemessages", "--ignore=.venv", "-v", "0"],
        ["collectstatic", "--no-input", "-v", "0"],
        ["load_rvase_2023", "-v", "0"],
    ):
        subprocess.run([str(PYTHON), "manage.py", *command], cwd=ROOT, env=env, check=True)


def serve(env: dict[str, str], port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [str(GUNICORN), "rvase.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2", "--log-level", "warning"],
        cwd=ROOT,
        env=env,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                return server
        except OSError:
            if server.poll() is not None:
                break
            time.sleep(0.3)
    server.kill()
    raise SystemExit("gunicorn did not start")


def audit(url: str, report: Path) -> dict[str, int]:
    subprocess.run(
        [
            "npx",
            "--yes",
            LIGHTHOUSE,
            url,
            "--quiet",
            "--output=json",
            f"--output-path={report}",
            f"--only-categories={','.join(CATEGORIES)}",
            "--chrome-flags=--headless=new --no-sandbox --disable-gpu",
            "--locale=fr",
        ],
        env={**os.environ, "CHROME_PATH": CHROME},
        check=True,
        timeout=300,
    )
    result = json.loads(report.read_text())
    scores = {name: round(100 * (result["categories"][name]["score"] or 0)) for name in CATEGORIES}
    failed = [
        f"{audit['id']} ({name})"
        for name in JUDGED
        for ref in result["categories"][name]["auditRefs"]
        if ref["weight"] and (audit := result["audits"][ref["id"]])["score"] is not None and audit["score"] < 1
    ]
    scores["failed"] = failed
    return scores


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--minimum", type=int, default=95, help="lowest score accepted (default 95)")
    parser.add_argument("--keep", type=Path, help="a folder to keep the JSON reports in")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="rvase-lighthouse-") as folder:
        workdir = Path(folder)
        reports = options.keep or workdir
        reports.mkdir(parents=True, exist_ok=True)
        env = environment(workdir)
        set_up(env)
        port = free_port()
        server = serve(env, port)
        rows = []
        try:
            for name, path in PAGES:
                scores = audit(f"http://127.0.0.1:{port}{path}", reports / f"{name.replace(' ', '-')}.json")
                rows.append((name, path, scores))
        finally:
            server.terminate()
            server.wait(timeout=30)
    print(f"\nLighthouse {LIGHTHOUSE.split('@')[1]}, mobile")
    print(f"{'page':<14} {'path':<32} {'perf':>5} {'a11y':>5} {'b.p.':>5} {'seo':>5}")
    below = []
    for name, path, scores in rows:
        print(f"{name:<14} {path:<32} " + " ".join(f"{scores[category]:>5}" for category in CATEGORIES))
        if any(scores[category] < options.minimum for category in JUDGED):
            below.append(f"{name} ({path}): {', '.join(scores['failed']) or 'under the minimum'}")
    if below:
        print(f"\nUnder {options.minimum}:\n  " + "\n  ".join(below))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
