"""What every app's django-tables2 tables share."""

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
