"""An upload handler that stops storing a file once it passes FILE_UPLOAD_MAX_FILE_SIZE.

Django streams uploads to a temporary file beyond FILE_UPLOAD_MAX_MEMORY_SIZE but has no limit of its
own on a file's size: a 10 GB body would fill the disk before any view could say no. First in
FILE_UPLOAD_HANDLERS, this handler counts each file's bytes as they arrive; past the limit it skips the
file (Django closes and deletes what the later handlers wrote, and reads the rest of the body without
storing it) and marks the request `upload_too_large = True`, so the view can say why the file is missing.
"""
from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, SkipFile


class SizeLimitedUploadHandler(FileUploadHandler):
    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > settings.FILE_UPLOAD_MAX_FILE_SIZE:
            self.request.upload_too_large = True
            raise SkipFile
        return raw_data  # passed on to the memory or temporary-file handler

    def file_complete(self, file_size):
        return None  # the next handler makes the file
