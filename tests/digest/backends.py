"""E-mail backends for the digest's tests: the locmem outbox, with an SMTP server that refuses or breaks down."""

import smtplib
import threading
import time

from django.core.mail.backends.locmem import EmailBackend


class FlakyBackend(EmailBackend):
    """Refuses some addresses for good (550), and breaks down (connection lost) for a number of sends.

    Configure through the class attributes; `reset()` between tests.
    """

    refused: set[str] = set()
    outage_after = None  # break down after this many messages were accepted…
    outage_sends = 0  # …for this many attempts, then work again
    delay = 0.0
    accepted = 0
    attempts = 0
    lock = threading.Lock()

    @classmethod
    def reset(cls):
        cls.refused, cls.outage_after, cls.outage_sends, cls.delay, cls.accepted, cls.attempts = set(), None, 0, 0, 0, 0

    def send_messages(self, messages):
        for message in messages:
            with self.lock:
                type(self).attempts += 1
                if self.outage_after is not None and self.accepted >= self.outage_after and self.outage_sends > 0:
                    type(self).outage_sends -= 1
                    raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
                refused = [address for address in message.to if address in self.refused]
                if refused:
                    raise smtplib.SMTPRecipientsRefused(dict.fromkeys(refused, (550, b"5.1.1 User unknown")))
            if self.delay:
                time.sleep(self.delay)
            super().send_messages([message])
            with self.lock:
                type(self).accepted += 1
        return len(messages)
