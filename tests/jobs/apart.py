"""Running a real worker in its own thread, as the worker process would run it.

procrastinate's sync `run_worker` starts its own asyncio event loop, which cannot be done in a
thread that already runs one (Playwright's sync API leaves one in the test process's main thread
after a browser test). A fresh thread has none; its database connections are closed when it ends.
"""

import threading
from collections.abc import Callable

from django.db import connections


def run_apart(work: Callable[[], None]) -> None:
    """Run `work` in a new thread, wait for it, and raise whatever it raised."""
    raised: list[BaseException] = []

    def target() -> None:
        try:
            work()
        except BaseException as error:  # handed back to the caller below
            raised.append(error)
        finally:
            connections.close_all()

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if raised:
        raise raised[0]
