"""The benchmark's own job: a GIAS import on the worker, rolled back so the scale stays as built.

It does what the import page's job does (parse, compare, write every school in one transaction)
and then rolls the transaction back. Loaded by the worker under bench.settings only.
"""

from django.db import transaction

from hubs.gias import import_gias
from partnership.lib.jobs import job


class RolledBack(Exception):
    pass


@job(queue="bench")
def gias_import_rolled_back(*, path: str) -> None:
    with open(path, "rb") as file:
        data = file.read()
    try:
        with transaction.atomic():
            result = import_gias(data, dry_run=False, file_name="bench.csv")
            if not result.ok:
                raise ValueError(f"the generated extract has bad rows: {result.errors[:3]}")
            raise RolledBack
    except RolledBack:
        pass
