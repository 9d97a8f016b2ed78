"""object_url gives what reverse() gives, whatever the key and the script prefix."""

import pytest
from django.urls import NoReverseMatch, clear_script_prefix, reverse, set_script_prefix

from partnership.lib.links import object_url

CASES = [
    ("hubs:detail", "slug", "north-hub_2"),
    ("reviews:detail", "pk", 42),
    ("reviews:detail", "pk", "7"),
    ("brokering:request_detail", "pk", 1234567),
    # A fixed-length regular expression, not a converter: a six-digit URN.
    ("hubs:school_detail", "urn", "100123"),
    ("hubs:school_edit", "urn", "999999"),
    ("hubs:school_edit", "urn", "000001"),
]


@pytest.mark.parametrize(("viewname", "name", "key"), CASES)
def test_the_same_url_as_reverse(viewname, name, key):
    assert object_url(viewname, name, key) == reverse(viewname, kwargs={name: key})


@pytest.mark.parametrize(
    ("viewname", "name", "key"),
    [
        ("reviews:detail", "pk", "not-a-number"),
        ("reviews:detail", "pk", -3),
        ("hubs:detail", "slug", "two words"),
        ("hubs:school_detail", "urn", "1234567"),
        ("hubs:school_detail", "urn", "12345"),
        ("hubs:school_detail", "urn", "12345a"),
    ],
)
def test_a_key_the_url_refuses_is_refused(viewname, name, key):
    with pytest.raises(NoReverseMatch):
        reverse(viewname, kwargs={name: key})
    with pytest.raises(NoReverseMatch):
        object_url(viewname, name, key)


def test_the_script_prefix_is_kept():
    set_script_prefix("/partnership7/")
    try:
        url = object_url("reviews:detail", "pk", 7)
        assert url == reverse("reviews:detail", kwargs={"pk": 7})
        assert url.startswith("/partnership7/")
    finally:
        clear_script_prefix()
    assert object_url("reviews:detail", "pk", 7) == reverse("reviews:detail", kwargs={"pk": 7})


@pytest.mark.parametrize(
    "viewname", ["hubs:detail", "reviews:detail", "hubs:school_detail", "hubs:school_edit"]
)
def test_object_pages_are_written_without_matching_patterns(viewname, monkeypatch):
    name = {"hubs:detail": "slug", "reviews:detail": "pk"}.get(viewname, "urn")
    expected = reverse(viewname, kwargs={name: "100123"})
    object_url(viewname, name, "100123")  # works out the URL's shape once

    def no_reverse(*args, **kwargs):
        raise AssertionError("reverse() was called")

    monkeypatch.setattr("partnership.lib.links.reverse", no_reverse)
    assert object_url(viewname, name, "100123") == expected
