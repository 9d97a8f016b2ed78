"""What every app's django-tables2 tables share."""

import datetime

import django_tables2 as tables
from django.utils import dateformat, timezone
from django_tables2 import utils

# (function, bound) -> django-tables2's (argument names, **kwargs name) for it.
_known_signatures: dict = {}
_MOST_REMEMBERED = 4096


def remember_render_signatures() -> None:
    """Let django-tables2 look up each render method's signature once, not once per cell.

    It calls inspect.signature for every cell to learn which arguments a render method takes:
    a fifth of the time of a 50-row table page. A function's signature never changes, so it is
    kept per function (and whether it was bound, which drops `self`).
    """
    if getattr(utils.signature, "remembers", False):
        return
    uncached = utils.signature

    def signature(fn):
        key = (getattr(fn, "__func__", fn), hasattr(fn, "__func__"))
        try:
            return _known_signatures[key]
        except KeyError:
            found = uncached(fn)
            if len(_known_signatures) < _MOST_REMEMBERED:
                _known_signatures[key] = found
            return found
        except TypeError:  # an unhashable callable
            return uncached(fn)

    signature.remembers = True
    utils.signature = signature


class DateColumn(tables.Column):
    """A date (or date and time) in a Django date format, formatted in Python.

    django-tables2's own DateColumn compiles a template for every cell it renders; on a page of
    50 rows with two dates that was a tenth of the page's time.
    """

    def __init__(self, *args, format: str = "j M Y", **kwargs):
        self.format = format
        super().__init__(*args, **kwargs)

    def render(self, value):
        if isinstance(value, datetime.datetime):
            value = timezone.localtime(value)
        return dateformat.format(value, self.format)

    def value(self, value):
        return dateformat.format(value, self.format)
