"""Bound an upload while it is received, before Django writes it to memory or a temporary file."""

from django.core.files.uploadhandler import FileUploadHandler, SkipFile


class SizeLimitUploadHandler(FileUploadHandler):
    """Skip any file part larger than `max_bytes`: its bytes are read off the connection and dropped.

    Put first in request.upload_handlers; the view then finds the field's name in `oversized` and
    tells the person the file is too large, instead of "no file". The web server's own body limit
    (nginx client_max_body_size) stops far larger requests before they reach Django.
    """

    def __init__(self, request=None, *, max_bytes: int):
        super().__init__(request)
        self.max_bytes = max_bytes
        self.oversized: set[str] = set()

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > self.max_bytes:
            self.oversized.add(self.field_name)
            raise SkipFile
        return raw_data

    def file_complete(self, file_size):
        return None  # the next handlers (memory, temporary file) build the UploadedFile
