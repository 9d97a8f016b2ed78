import factory

from partnership.models import User

TEST_PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["email"]

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Sequence(lambda n: f"Person {n}")
    password = factory.django.Password(TEST_PASSWORD)


class CentralTeamFactory(UserFactory):
    is_central_team = True


class AdminFactory(UserFactory):
    """Django admin access, which also means the whole network."""

    is_staff = True
    is_superuser = True
    is_central_team = True
