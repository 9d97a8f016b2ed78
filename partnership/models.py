"""People: the user model. Where a person holds a role (hub, school) lives in hubs/."""

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.db import models
from django.db.models.functions import Upper
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
            ),
            # Finding a person by part of their name or email (the personal-data page, the
            # admin's user search): icontains is UPPER(col) LIKE, which only trigrams serve.
            GinIndex(OpClass(Upper("full_name"), name="gin_trgm_ops"), name="user_name_trgm"),
            GinIndex(OpClass(Upper("email"), name="gin_trgm_ops"), name="user_email_trgm"),
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

    The token's uniqueness is what refuses a repeat of the same copy of a page (a double click):
    the second insert waits for the first request's transaction and then fails. The content hash
    catches a fresh copy of the page sent again with the same fields (Back, reload, send).
    """

    token = models.UUIDField(unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    submitted_at = models.DateTimeField(default=timezone.now)
    # Where the record the first submission made can be seen, to send a repeat there.
    result_url = models.CharField(max_length=300, blank=True)
    # The page and fields sent (partnership.lib.once.content_hash): a fresh copy of the same page
    # sent again with the same fields is a repeat too.
    content_hash = models.CharField(max_length=64, blank=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["user", "content_hash", "submitted_at"],
                condition=~models.Q(content_hash=""),
                name="form_submission_same_content",
            )
        ]

    def __str__(self) -> str:
        return f"{self.token} by {self.user_id}"


class JobLogEntry(models.Model):
    """A line a background job logged (partnership.lib.jobs), shown on the jobs page.

    Kept by job id rather than a foreign key: procrastinate owns its jobs table and deletes
    finished jobs on its own terms; the purge of old jobs removes their lines too.
    """

    job_id = models.BigIntegerField(db_index=True)
    at = models.DateTimeField(default=timezone.now)
    level = models.CharField(max_length=10)
    message = models.TextField()

    class Meta:
        ordering = ["job_id", "at", "id"]
        verbose_name_plural = "job log entries"

    def __str__(self) -> str:
        return f"job {self.job_id} {self.level}: {self.message[:60]}"


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
