"""The production-like run: gunicorn, one Celery worker and exactly one beat with the production settings, on
PostgreSQL and Redis, as docker-compose.yml starts them. The beat triggers the monthly task (its schedule moved to
"every minute" through DIGEST_SCHEDULE) and the e-mails arrive at the SMTP server, once each, however often it fires.
"""

import json
import time
import urllib.request

import pytest

from digest.models import Digest, DigestDelivery
from rvase.celery import app
from tests.digest.stack import BIN, Process, SMTPServer, celery_worker, free_port, production_environment, wait_for

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def broker():
    app.conf.task_always_eager = False
    app.control.purge()
    yield app
    app.control.purge()
    app.conf.task_always_eager = True


def test_gunicorn_worker_and_beat_send_the_monthly_digest(activity, month, broker, tmp_path):
    port = free_port()
    with SMTPServer() as smtp:
        env = production_environment(smtp_port=smtp.port, DIGEST_SCHEDULE="* * * * *")
        processes = [
            Process(
                "web",
                [str(BIN / "gunicorn"), "rvase.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
                env,
                tmp_path,
            ),
            celery_worker(env, tmp_path, concurrency=2),
            Process(
                "beat",
                [
                    str(BIN / "celery"),
                    "-A",
                    "rvase",
                    "beat",
                    "--loglevel=info",
                    f"--schedule={tmp_path / 'celerybeat-schedule'}",
                ],
                env,
                tmp_path,
            ),
        ]
        try:

            def healthy() -> bool:
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                        return json.load(response)["status"] == "ok"
                except OSError:
                    return False

            wait_for(healthy, timeout=30, message=processes[0].output()[-2000:])
            # The beat fires at the next minute boundary: at most a minute and a few seconds.
            wait_for(
                lambda: (
                    Digest.objects.filter(month=month).exists()
                    and not DigestDelivery.objects.exclude(status=DigestDelivery.Status.SENT).exists()
                    and DigestDelivery.objects.count() == 4
                ),
                timeout=100,
                interval=1,
                message=processes[2].output()[-2000:] + processes[1].output()[-3000:],
            )
            time.sleep(1)
        finally:
            for process in processes:
                process.stop()
        beat_log = processes[2].output()
    assert "Scheduler: Sending due task digest-monthly (digest.tasks.send_monthly_digest)" in beat_log
    assert smtp.received() == dict.fromkeys(
        ["fp@hue.example", "fp@vientiane.example", "fp@kampot.example", "abonnee@hue.example"], 1
    )
    subjects = {message["To"]: message["Subject"] for message in smtp.parsed()}
    assert subjects["fp@vientiane.example"].strip().startswith("[RVASE] Monthly watch of the network")
