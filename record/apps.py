from django.apps import AppConfig


class RecordConfig(AppConfig):
    """The network's 2023 record from the deck, its loader, and the demo accounts of `make run`.

    It writes to the other apps and none of them imports it: the portal runs the same without it.
    """

    name = "record"
