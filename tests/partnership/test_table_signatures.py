"""django-tables2 learns each render method's arguments once, and still learns them right."""

from django_tables2 import utils


class Row:
    def render_two(self, value, record):
        return value

    def render_all(self, **kwargs):
        return kwargs


def plain(value):
    return value


def test_bound_methods_and_functions_keep_their_own_signatures():
    row = Row()

    assert utils.signature(row.render_two) == (("value", "record"), None)
    assert utils.signature(Row().render_two) == (("value", "record"), None)
    assert utils.signature(Row.render_two) == (("self", "value", "record"), None)
    assert utils.signature(row.render_all) == ((), "kwargs")
    assert utils.signature(plain) == (("value",), None)


def test_calls_pass_only_the_arguments_a_method_takes():
    kwargs = {"value": 1, "record": "r", "column": "c"}

    assert utils.call_with_appropriate(Row().render_two, kwargs) == 1
    assert utils.call_with_appropriate(Row().render_all, kwargs) == kwargs
