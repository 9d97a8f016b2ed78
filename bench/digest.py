"""How long the weekly digests of every user take to build, and their SQL queries.

    DB_NAME=partnership_bench bin/with-db .venv/bin/python -m bench.digest [--users N]

Run on the benchmark's database (built by `python -m bench.run`) or any seeded one; it only
reads. Each active user's digest for the week of the demo's today is built as the sending job
builds it (`digests_for`, a batch of people at a time, with text and HTML rendered) but not
sent; the job's own sending cost is a row and a queued job per email, and the mail server's.
Prints users, digests with something to say, total seconds and those spent waiting on SQL,
users per second, the extrapolated time for 50,000 users, the largest number of queries for one
batch and the mean number of queries per user.
"""

import argparse
import os
import time


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=0, help="At most this many (0: all).")
    parser.add_argument("--week-of", help="A day of the week (YYYY-MM-DD); default: today.")
    parser.add_argument("--batch-size", type=int, default=0, help="Default: the sending job's.")
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnership.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import datetime

    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from partnership.digest.build import digests_for
    from partnership.digest.send import BATCH_SIZE, recipients
    from partnership.lib.digest import DigestWeek

    day = datetime.date.fromisoformat(args.week_of) if args.week_of else timezone.localdate()
    week = DigestWeek.of(day)
    batch_size = args.batch_size or BATCH_SIZE
    count = with_news = most = total_queries = 0
    last_pk = 0
    sql_seconds = [0.0]

    def timed(execute, sql, params, many, context):
        began = time.monotonic()
        try:
            return execute(sql, params, many, context)
        finally:
            sql_seconds[0] += time.monotonic() - began

    started = time.monotonic()
    while not args.users or count < args.users:
        wanted = min(batch_size, args.users - count) if args.users else batch_size
        with CaptureQueriesContext(connection) as queries, connection.execute_wrapper(timed):
            # Read as the sending job reads them: the next batch after the last one's.
            users = list(recipients(week).filter(pk__gt=last_pk)[:wanted])
            if not users:
                break
            digests = [digest for _, digest in digests_for(users, week)]
        last_pk = users[-1].pk
        used = len(queries.captured_queries)
        count += len(users)
        with_news += sum(digest is not None for digest in digests)
        most = max(most, used)
        total_queries += used
    seconds = time.monotonic() - started
    rate = count / seconds if seconds else 0
    print(
        f"week of {week.starts_on}: {count} users in batches of {batch_size}, "
        f"{with_news} digests with news, {seconds:.1f} s, of which SQL {sql_seconds[0]:.1f} s "
        f"({rate:.0f} users/s; "
        f"50,000 users in {50_000 / rate / 60:.1f} min); queries: at most {most} a batch, "
        f"mean {total_queries / max(count, 1):.2f} per user"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
