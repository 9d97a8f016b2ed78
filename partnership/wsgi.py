"""WSGI entry point (gunicorn partnership.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnership.settings")

# Python 3.11 keeps each thread's frames in 16 KB chunks, and frees a chunk as soon as the frame
# that opened it returns. A loop whose calls cross a chunk's end maps and unmaps memory on every
# call: rendering a table a few levels down the template stack did so 74 times a request, and a
# fifth of the hub dashboard's CPU time went to the kernel. A request handled inside one frame
# large enough to be given a 1 MB chunk of its own finds room for all its frames after it.
DEEP_FRAME_SLOTS = 64 * 1024  # 512 KB of the chunk for the frame, the rest for the request


def _in_a_chunk_of_its_own(app):
    def handle(environ, start_response):
        return app(environ, start_response)

    code = handle.__code__
    handle.__code__ = code.replace(co_stacksize=code.co_stacksize + DEEP_FRAME_SLOTS)
    return handle


application = _in_a_chunk_of_its_own(get_wsgi_application())
