"""An import file kept between its dry run and its import, so it is chosen once.

The file goes to the default storage under a random name in a folder of the person who sent it;
the page carries only the random part. Someone else's reference finds nothing, because the folder
comes from the signed-in user, never from the form. Each person keeps at most one such file: a new
one replaces it, and the import removes it.
"""

import re
import uuid

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

REFERENCE = re.compile(r"^[0-9a-f]{32}$")


def _folder(user) -> str:
    return f"imports/pending/{user.pk}"


def _path(user, reference: str) -> str | None:
    if not REFERENCE.match(reference or ""):
        return None
    return f"{_folder(user)}/{reference}.csv"


def upload_keep(*, content: bytes, user) -> str:
    """Store the file for this user (replacing any they kept before); return its reference."""
    upload_discard_all(user=user)
    reference = uuid.uuid4().hex
    default_storage.save(_path(user, reference), ContentFile(content))
    return reference


def upload_read(*, reference: str, user) -> bytes | None:
    """The kept file's content, or None when this user kept no file by that reference."""
    path = _path(user, reference)
    if path is None or not default_storage.exists(path):
        return None
    with default_storage.open(path, "rb") as file:
        return file.read()


def upload_discard(*, reference: str, user) -> None:
    path = _path(user, reference)
    if path is not None and default_storage.exists(path):
        default_storage.delete(path)


def upload_discard_all(*, user) -> None:
    folder = _folder(user)
    if not default_storage.exists(folder):
        return
    _, files = default_storage.listdir(folder)
    for name in files:
        default_storage.delete(f"{folder}/{name}")
