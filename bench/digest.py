"""How long the weekly digests of every user take to build, and their SQL queries per user.

    DB_NAME=partnership_bench bin/with-db .venv/bin/python -m bench.digest [--users N]

Run on the benchmark's database (built by `python -m bench.run`). Each active user's digest
for the week of the demo's today is built as the sending job builds it (`digest_for`, with its
text and HTML rendered) but not sent; the job's own sending cost is the mail server's. Prints
users, digests with something to say, total seconds, users per second, the extrapolated time
for 50,000 users, and the largest and mean number of queries for one user.
"""

import argparse
import os
import time


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=0, help="At most this many (0: all).")
    parser.add_argument("--week-of", help="A day of the week (YYYY-MM-DD); default: today.")
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partnership.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import datetime

    import django

    django.setup()
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from partnership.digest.build import digest_for
    from partnership.digest.send import recipients
    from partnership.lib.digest import DigestWeek

    day = datetime.date.fromisoformat(args.week_of) if args.week_of else timezone.localdate()
    week = DigestWeek.of(day)
    users = recipients(week)
    if args.users:
        users = users[: args.users]
    count = with_news = most = total_queries = 0
    started = time.monotonic()
    for user in users.iterator(chunk_size=2000):
        with CaptureQueriesContext(connection) as queries:
            digest = digest_for(user, week)
        used = len(queries.captured_queries)
        reset_queries()
        count += 1
        with_news += digest is not None
        most = max(most, used)
        total_queries += used
    seconds = time.monotonic() - started
    rate = count / seconds if seconds else 0
    print(
        f"week of {week.starts_on}: {count} users, {with_news} digests with news, "
        f"{seconds:.1f} s ({rate:.0f} users/s; 50,000 users in {50_000 / rate / 60:.1f} min); "
        f"queries per user: at most {most}, mean {total_queries / max(count, 1):.1f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
