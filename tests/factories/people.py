import functools

import factory
from django.contrib.auth.hashers import make_password

from partnership.models import User

TEST_PASSWORD = "correct-horse-battery-staple"


@functools.cache
def hashed(password: str) -> str:
    """One hash per password for the whole run: hashing is slow by design, and every test
    makes users. The hash is a real one from the configured hasher, so signing in works."""
    return make_password(password)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["email"]

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Sequence(lambda n: f"Person {n}")
    password = factory.django.Password(TEST_PASSWORD, transform=hashed)


class CentralTeamFactory(UserFactory):
    is_central_team = True


class AdminFactory(UserFactory):
    """Django admin access, which also means the whole network."""

    is_staff = True
    is_superuser = True
    is_central_team = True
