"""Signals every app may send, received by the apps above them.

`something_waits` says that a person submitted something the coordination handles (news, a hosting candidature,
an answer to a round): the domain apps send it from their services, and the coordination's workspace
(coordination/apps.py) tells the coordinators. The senders thus need not know who listens.
"""

from django.dispatch import Signal

# sender: the model class of what waits; kind: "news", "hosting" or "answer"; object_id: its primary key.
something_waits = Signal()
