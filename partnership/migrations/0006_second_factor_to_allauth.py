"""Move the second factor onto django-allauth's MFA app.

Each person's confirmed django-otp TOTP device becomes an allauth TOTP authenticator with the same
key (allauth keeps it in base32, django-otp kept it in hex), so their authenticator app keeps
working. Their unused recovery codes, of which only SHA-256 hashes were kept, go onto an allauth
recovery-codes authenticator as hashes that partnership.signin.forms accepts once each; allauth
adds a fresh set of its own codes beside them. django-otp's tables are then dropped.
"""

import base64
import secrets

from django.db import migrations

OTP_TABLES = ["otp_totp_totpdevice", "otp_static_statictoken", "otp_static_staticdevice"]


def otp_devices(schema_editor) -> list[tuple[int, str]]:
    """(user id, hex key) of each person's first confirmed device, if django-otp was installed."""
    connection = schema_editor.connection
    if "otp_totp_totpdevice" not in connection.introspection.table_names():
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT DISTINCT ON (user_id) user_id, key FROM otp_totp_totpdevice "
            "WHERE confirmed ORDER BY user_id, id"
        )
        return cursor.fetchall()


def move_to_allauth(apps, schema_editor):
    authenticator = apps.get_model("mfa", "Authenticator")
    recovery_code = apps.get_model("partnership", "RecoveryCode")
    devices = otp_devices(schema_editor)
    already = set(authenticator.objects.filter(type="totp").values_list("user_id", flat=True))
    authenticator.objects.bulk_create(
        authenticator(
            user_id=user_id,
            type="totp",
            data={"secret": base64.b32encode(bytes.fromhex(key)).decode()},
        )
        for user_id, key in devices
        if user_id not in already
    )
    with_app = {user_id for user_id, _ in devices} | already
    hashes: dict[int, list[str]] = {}
    for user_id, code_hash in recovery_code.objects.filter(used_at__isnull=True).values_list(
        "user_id", "code_hash"
    ):
        if user_id in with_app:
            hashes.setdefault(user_id, []).append(code_hash)
    having_codes = set(
        authenticator.objects.filter(type="recovery_codes").values_list("user_id", flat=True)
    )
    authenticator.objects.bulk_create(
        authenticator(
            user_id=user_id,
            type="recovery_codes",
            data={"seed": secrets.token_hex(40), "used_mask": 0, "legacy_code_hashes": codes},
        )
        for user_id, codes in hashes.items()
        if user_id not in having_codes
    )
    with schema_editor.connection.cursor() as cursor:
        for table in OTP_TABLES:
            cursor.execute(f"DROP TABLE IF EXISTS {table} CASCADE")


class Migration(migrations.Migration):
    dependencies = [
        ("partnership", "0005_drop_sign_in_rows_from_user_history"),
        ("mfa", "0003_authenticator_type_uniq"),
    ]

    operations = [migrations.RunPython(move_to_allauth, migrations.RunPython.noop)]
