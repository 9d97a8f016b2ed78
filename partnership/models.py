"""People: the user model. Where a person holds a role (hub, school) lives in hubs/."""

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra):
        if not email:
            raise ValueError("A user needs an email address.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        extra.setdefault("is_central_team", True)
        return self.create_user(email, password, **extra)

    def get_by_natural_key(self, email):
        return self.get(email__iexact=email)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in with their email address."""

    email = models.EmailField("email address", unique=True)
    full_name = models.CharField(max_length=150)
    job_title = models.CharField(max_length=150, blank=True)
    is_central_team = models.BooleanField(
        "central team",
        default=False,
        help_text="Schedules reviews, brokers support and sees the whole network.",
    )
    is_staff = models.BooleanField("admin site access", default=False)
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)
    weekly_digest = models.BooleanField(
        "weekly email",
        default=True,
        db_default=True,
        help_text="A Monday email of the week past and the week ahead, when there is news.",
    )

    history = HistoricalRecords(excluded_fields=["password", "last_login"])
    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name"]
        indexes = [
            # Broker choices list the central team: a few dozen people among 50,000 users.
            models.Index(
                fields=["full_name"],
                condition=models.Q(is_central_team=True, is_active=True),
                name="user_central_team_by_name",
            )
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    def save(self, *args, **kwargs):
        # Signing in stamps last_login alone (update_fields), a field history leaves out: a row
        # for it would say "changed" and show nothing, once per sign-in.
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and set(update_fields) <= {"last_login"}:
            self.skip_history_when_saving = True
            try:
                return super().save(*args, **kwargs)
            finally:
                del self.skip_history_when_saving
        return super().save(*args, **kwargs)

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email

    def clean(self):
        super().clean()
        self.email = self.email.lower()

    @property
    def needs_two_factor(self) -> bool:
        return self.is_central_team or self.is_superuser


class FormSubmission(models.Model):
    """A create form that was sent, by the one-time token it carried.

    The token's uniqueness is what refuses a repeat (a double click, or Back and send again):
    the second insert waits for the first request's transaction and then fails.
    """

    token = models.UUIDField(unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    submitted_at = models.DateTimeField(default=timezone.now)
    # Where the record the first submission made can be seen, to send a repeat there.
    result_url = models.CharField(max_length=300, blank=True)

    def __str__(self) -> str:
        return f"{self.token} by {self.user_id}"


class RecoveryCode(models.Model):
    """A single-use code that stands in for the authenticator app once, for a lost phone.

    Only a hash is kept: the codes are shown once, when they are made. They are long random
    strings, so a plain SHA-256 is enough and lets a code be found by its hash in one query.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="recovery_codes"
    )
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "code_hash"], name="recovery_code_once_per_user"
            )
        ]

    def __str__(self) -> str:
        return f"Recovery code {self.pk} of {self.user_id}"


class DigestSent(models.Model):
    """A weekly digest sent to one person: inserted before it is sent, so never sent twice."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    week_starts_on = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "week_starts_on"], name="one_digest_per_user_and_week"
            )
        ]

    def __str__(self) -> str:
        return f"Digest of the week of {self.week_starts_on} to {self.user_id}"
