"""The WSGI entry point serves requests from inside one large frame (see partnership.wsgi)."""

import io

import pytest

from partnership import wsgi

pytestmark = pytest.mark.django_db


def environ_for(path: str) -> dict:
    return {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "testserver",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": io.StringIO(),
    }


def test_the_entry_point_serves_pages():
    statuses = []
    body = b"".join(
        wsgi.application(environ_for("/accounts/login/"), lambda s, h, *a: statuses.append(s))
    )
    assert statuses == ["200 OK"]
    assert b'name="password"' in body


def test_the_handling_frame_is_given_a_chunk_of_its_own():
    # Frames larger than the 16 KB chunks get a chunk sized for them, rounded up to a power of
    # two: 1 MB, half of it left for the request's frames.
    slots = wsgi.application.__code__.co_stacksize
    assert wsgi.DEEP_FRAME_SLOTS <= slots < 2 * wsgi.DEEP_FRAME_SLOTS
