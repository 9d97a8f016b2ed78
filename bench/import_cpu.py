"""Time a public-data import and count the CPU it used, in this process and in its PostgreSQL
backend, so a figure taken on a busy machine still says how much work the import is.

    DB_NAME=publicdata_bench DEBUG=false bin/with-db .venv/bin/python -m bench.import_cpu \\
        ofsted inspections.csv
    … -m bench.import_cpu ks4 england_ks4final.csv 2024

The backend's CPU is read from /proc, so the database must run on this machine.
"""

import os
import resource
import sys
import time

import django


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnership.settings")
    django.setup()
    from django.db import connection

    from publicdata.imports import import_ofsted, import_results

    kind, path = sys.argv[1], sys.argv[2]
    with open(path, "rb") as file:
        data = file.read()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]

    def backend_cpu() -> float:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    backend, started = backend_cpu(), time.monotonic()
    before = resource.getrusage(resource.RUSAGE_SELF)
    if kind == "ofsted":
        result = import_ofsted(data, dry_run=False)
    else:
        result = import_results(data, key_stage=4, academic_year=int(sys.argv[3]), dry_run=False)
    after = resource.getrusage(resource.RUSAGE_SELF)
    cpu = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    print(
        f"{kind}: {result.rows} rows, {result.created} created, {result.changed} changed, "
        f"{result.unchanged} unchanged; {time.monotonic() - started:.1f} s elapsed; CPU: "
        f"python {cpu:.1f} s + postgres backend {backend_cpu() - backend:.1f} s; "
        f"load average {os.getloadavg()[0]:.1f}"
    )


if __name__ == "__main__":
    main()
