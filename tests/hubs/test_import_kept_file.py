"""After a dry run the file is kept, so "Import" needs no second upload; the import removes it."""

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hubs.operations.uploads import upload_keep, upload_read

from hubs.models import School
from tests.factories.hubs import SchoolFactory


def kept_reference(response) -> str:
    return response.context["form"].initial["upload"]


def test_import_after_a_dry_run_uses_the_checked_file(client_for, central_team, settings, hub_a):
    SchoolFactory(urn="200001")
    client = client_for(central_team)
    url = reverse("hubs:membership_import")
    upload = SimpleUploadedFile("members.csv", b"URN,hub\n200001,hub-a\n")

    checked = client.post(url, {"file": upload, "action": "dry_run"})
    reference = kept_reference(checked)
    imported = client.post(
        url, {"upload": reference, "upload_name": "members.csv", "action": "import"}
    )

    assert "Checked file: <strong>members.csv</strong>" in checked.content.decode()
    assert f'value="{reference}"' in checked.content.decode()
    assert imported.context["result"].applied
    assert School.objects.get(urn="200001").hub.slug == "hub-a"
    assert upload_read(reference=reference, user=central_team) is None
    assert not list((settings.MEDIA_ROOT / "imports" / "pending").rglob("*.csv"))


def test_someone_elses_reference_finds_no_file(client_for, central_team, db):
    other = get_user_model().objects.create_user(email="other@example.org", password="x" * 20)
    reference = upload_keep(content=b"URN,hub\n", user=other)

    response = client_for(central_team).post(
        reverse("hubs:gias_import"), {"upload": reference, "action": "import"}
    )

    assert response.status_code == 200
    assert "choose the file again" in response.content.decode()
    assert upload_read(reference=reference, user=other) == b"URN,hub\n"


def test_a_reference_that_is_not_one_reads_nothing(central_team):
    assert upload_read(reference="../../settings", user=central_team) is None


def test_import_with_neither_file_nor_reference_asks_for_the_file(client_for, central_team):
    response = client_for(central_team).post(reverse("hubs:gias_import"), {"action": "import"})

    assert "Choose a CSV file." in response.content.decode()


def test_a_new_dry_run_replaces_the_kept_file(central_team):
    first = upload_keep(content=b"one", user=central_team)
    second = upload_keep(content=b"two", user=central_team)

    assert upload_read(reference=first, user=central_team) is None
    assert upload_read(reference=second, user=central_team) == b"two"
