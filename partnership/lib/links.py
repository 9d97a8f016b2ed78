"""Links to one object's page, cheap enough to write for every row of a list.

reverse() matches the URL patterns again for each call: on a 25-row list that links every row,
it was a tenth of the request's time. An object's URL is the same text around its key, so the
text is worked out once per view name, and the key put in it.
"""

import re
from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

# Keys of the kinds written straight into a URL: a school's six-digit URN (the school pages'
# regular expression), what path()'s int converter accepts, and what its slug converter accepts
# (nothing that reverse() would percent-encode). A URL's kind is found by probing it with keys of
# different lengths, the widest kind first; a URL that refuses every kind's probes always goes
# through reverse().
_KINDS = [
    (re.compile(r"[0-9]{6}"), ("100000", "999999")),
    (re.compile(r"[0-9]+"), ("7", "7294650183")),
    (re.compile(r"[-a-zA-Z0-9_]+"), ("z", "zq-X_9", "7294650183")),
]


def _text_around(viewname: str, name: str, key: str, urlconf) -> tuple[str, str] | None:
    try:
        url = reverse(viewname, urlconf=urlconf, kwargs={name: key})
    except Exception:  # this pattern refuses this key
        return None
    before, found, after = url.partition(key)
    return (before, after) if found and key not in after else None


@lru_cache(maxsize=128)
def _url_shape(viewname: str, name: str, urlconf: str, script_prefix: str):
    """(text before the key, text after it, the keys it takes), or None to use reverse()."""
    for keys, probes in reversed(_KINDS):  # the wider kind first
        shapes = {_text_around(viewname, name, probe, urlconf) for probe in probes}
        if len(shapes) == 1 and None not in shapes:
            return (*shapes.pop(), keys)
    return None


def object_url(viewname: str, name: str, key) -> str:
    """reverse(viewname, kwargs={name: key}): the same text, found without matching patterns."""
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    shape = _url_shape(viewname, name, urlconf, get_script_prefix())
    text = str(key)
    if shape is not None and shape[2].fullmatch(text):
        before, after, _ = shape
        return f"{before}{text}{after}"
    return reverse(viewname, kwargs={name: key})
