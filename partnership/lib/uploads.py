"""Uploaded files, through Django's storage API (STORAGES["default"]).

The default is the file system under MEDIA_ROOT; an operator with more than one app server points
STORAGES at shared or object storage (see the README), and nothing here changes. A file that
cannot be stored (a full disk, a storage that is down) gives one clear message, not an error page.
"""

import errno
import uuid

from django.core.files.storage import default_storage


class UploadFailed(Exception):
    """The file could not be stored; the message says so in words a user can act on."""


def upload_store(*, folder: str, file) -> str:
    """Stores `file` (an uploaded file or ContentFile) under a random name; returns its name."""
    name = f"{folder}/{uuid.uuid4().hex}.upload"
    try:
        return default_storage.save(name, file)
    except OSError as error:
        if error.errno in (errno.ENOSPC, errno.EDQUOT):
            raise UploadFailed(
                "The server has no room left for uploads, so the file was not kept and nothing "
                "was imported. Please tell the site's operator; try again later."
            ) from error
        raise UploadFailed(
            "The server could not keep the file, so nothing was imported. Please try again "
            "later; if it keeps happening, tell the site's operator."
        ) from error


def upload_read(name: str) -> bytes:
    with default_storage.open(name, "rb") as file:
        return file.read()


def upload_delete(name: str) -> None:
    if name and default_storage.exists(name):
        default_storage.delete(name)
