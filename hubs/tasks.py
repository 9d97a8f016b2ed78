"""Background jobs of hubs: the GIAS and membership imports.

The import page stores the file, records a queued ImportRun and queues `import_run`; the page
then follows the run. The import itself runs in one transaction, so a crash (or a killed worker)
changes nothing; the run is marked failed with the reason, and the central team can queue it
again from its page.
"""

import logging

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from hubs.figures import network_changed
from hubs.gias import import_gias
from hubs.imports import import_memberships, result_for_page
from hubs.models import ImportRun
from partnership.lib.jobs import defer, job
from partnership.lib.uploads import upload_delete, upload_read, upload_store

logger = logging.getLogger("hubs.imports")

IMPORTERS = {ImportRun.Kind.GIAS: import_gias, ImportRun.Kind.MEMBERSHIPS: import_memberships}
# How each kind's outcome is kept for its run page; hubs' own kinds use result_for_page.
PAGE_RESULTS: dict = {}
# Kinds whose importer reports rows read (`progress=`).
PROGRESS_KINDS = {ImportRun.Kind.GIAS}
# Each kind's import page (URL name) and the template of its result report.
IMPORT_PAGES = {
    ImportRun.Kind.GIAS: ("hubs:gias_import", "hubs/operations/gias_import_result.html"),
    ImportRun.Kind.MEMBERSHIPS: (
        "hubs:membership_import",
        "hubs/operations/membership_import_result.html",
    ),
}
PROGRESS_EVERY = 1000


def import_kind_register(
    kind: str, *, importer, page_result, page: str, result_template: str, progress: bool = False
) -> None:
    """An app above hubs runs its imports on this machinery (queue, run page, retry, apply).

    `importer(data, *, dry_run, file_name, user, run, **run.options)` returns a result that
    `page_result` turns into plain data for the run's page, shown by `result_template`.
    """
    IMPORTERS[kind] = importer
    PAGE_RESULTS[kind] = page_result
    IMPORT_PAGES[kind] = (page, result_template)
    if progress:
        PROGRESS_KINDS.add(kind)


def progress_key(run_id: int) -> str:
    return f"import-progress:{run_id}"


def import_progress(run_id: int) -> int | None:
    """Rows read so far, when the cache is shared with the worker (informative only)."""
    return cache.get(progress_key(run_id))


def _counting(run_id: int):
    def progress(rows, label):
        for count, row in enumerate(rows, start=1):
            if count % PROGRESS_EVERY == 0:
                cache.set(progress_key(run_id), count, 3600)
            yield row

    return progress


@job(queue="imports")
def import_run(*, run_id: int) -> None:
    run = ImportRun.objects.select_related("run_by").get(pk=run_id)
    ImportRun.objects.filter(pk=run_id).update(
        status=ImportRun.Status.RUNNING, started_at=timezone.now(), error=""
    )
    logger.info(
        "%s import of %s (dry run: %s).", run.get_kind_display(), run.file_name, run.dry_run
    )
    try:
        data = upload_read(run.upload)
        options = dict(run.options or {})
        if run.kind in PROGRESS_KINDS:
            options["progress"] = _counting(run_id)
        with transaction.atomic():
            result = IMPORTERS[run.kind](
                data,
                dry_run=run.dry_run,
                file_name=run.file_name,
                user=run.run_by,
                run=run,
                **options,
            )
            run.result = PAGE_RESULTS.get(run.kind, result_for_page)(result)
            run.status = ImportRun.Status.DONE
            run.finished_at = timezone.now()
            run.save()
    except Exception as error:
        ImportRun.objects.filter(pk=run_id).update(
            status=ImportRun.Status.FAILED,
            finished_at=timezone.now(),
            error=f"{type(error).__name__}: {error}"[:2000],
        )
        raise
    finally:
        cache.delete(progress_key(run_id))
    if result.applied:
        network_changed()
        upload_delete(run.upload)
    logger.info("%s bad row(s); applied: %s.", len(result.errors), result.applied)


def import_run_queue(run: ImportRun) -> ImportRun:
    """Queues the run's job (again, after a failure); the job starts once this commits."""
    run.status = ImportRun.Status.QUEUED
    run.error = ""
    run.started_at = run.finished_at = None
    run.job_id = defer(import_run, run_id=run.pk)
    run.save(update_fields=["status", "error", "started_at", "finished_at", "job_id"])
    return run


def import_run_start(*, kind: str, file, dry_run: bool, user, options=None) -> ImportRun:
    """Stores the uploaded file and queues its run (UploadFailed when it cannot be stored)."""
    upload = upload_store(folder=f"imports/{kind}", file=file)
    with transaction.atomic():
        run = ImportRun.objects.create(
            kind=kind,
            file_name=file.name[:255],
            dry_run=dry_run,
            run_by=user,
            status=ImportRun.Status.QUEUED,
            upload=upload,
            options=options or {},
        )
        import_run_queue(run)
    return run
