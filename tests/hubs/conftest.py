import pytest


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Uploads kept by these tests (receipts, import files) go to a folder of their own."""
    settings.MEDIA_ROOT = tmp_path / "media"
