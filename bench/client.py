"""A small HTTP load client on the standard library: signs in like a browser, then times pages."""

import http.client
import random
import re
import statistics
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

from bench.middleware import QUERIES_HEADER

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes
    seconds: float


class Session:
    """One signed-in person: their cookies, sent as a browser behind the TLS proxy would."""

    def __init__(self, host: str, port: int, timeout: float = 60):
        self.host, self.port, self.timeout = host, port, timeout
        self.cookies: dict[str, str] = {}

    def copy(self, timeout: float | None = None) -> "Session":
        """The same person for another thread: a copy of the cookies, never shared."""
        other = Session(self.host, self.port, self.timeout if timeout is None else timeout)
        other.cookies = dict(self.cookies)
        return other

    def request(self, method: str, url: str, form: dict | None = None) -> Response:
        headers = {
            "Host": f"{self.host}:{self.port}",
            # Production settings trust this header from the proxy that ends TLS.
            "X-Forwarded-Proto": "https",
            "User-Agent": "partnership-bench",
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"https://{self.host}:{self.port}{url}"
        conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        started = time.perf_counter()
        try:
            conn.request(method, url, body=body, headers=headers)
            raw = conn.getresponse()
            content = raw.read()
        finally:
            conn.close()
        seconds = time.perf_counter() - started
        for value in raw.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(value).items():
                self.cookies[name] = morsel.value
        return Response(raw.status, dict(raw.headers.items()), content, seconds)

    def get(self, url: str) -> Response:
        return self.request("GET", url)

    def post_form(self, url: str, data: dict) -> Response:
        page = self.get(url)
        match = CSRF_INPUT.search(page.body.decode("utf-8", "replace"))
        if not match:
            raise RuntimeError(f"No CSRF token on {url} (status {page.status}).")
        return self.request("POST", url, {"csrfmiddlewaretoken": match.group(1), **data})


def sign_in(host: str, port: int, email: str, password: str, code_for) -> Session:
    """Sign in through the real forms: password, then the two-factor code when asked."""
    session = Session(host, port)
    response = session.post_form("/accounts/login/", {"login": email, "password": password})
    if response.status != 302:
        raise RuntimeError(f"Sign-in as {email} failed (status {response.status}).")
    location = urlsplit(response.headers.get("Location", "/")).path
    if location.startswith("/accounts/2fa/authenticate/"):
        for _ in range(3):
            verified = session.post_form(location, {"code": code_for(email)})
            if verified.status == 302:
                break
            # A code works once: wait for the authenticator's next 30-second step.
            time.sleep(31 - time.time() % 30)
        else:
            raise RuntimeError(f"Two-factor sign-in as {email} failed.")
    check = session.get("/")
    if check.status != 200:
        raise RuntimeError(f"Signed in as {email} but the dashboard answered {check.status}.")
    return session


@dataclass
class Sample:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    queries: list[int] = field(default_factory=list)
    first_error: str = ""

    def add(self, response: Response) -> None:
        self.latencies.append(response.seconds)
        if response.status != 200:
            self.errors += 1
            self.first_error = self.first_error or f"HTTP {response.status}"
        if QUERIES_HEADER in response.headers:
            self.queries.append(int(response.headers[QUERIES_HEADER]))

    def failed(self, error: Exception) -> None:
        self.errors += 1
        self.first_error = self.first_error or repr(error)

    def merge(self, other: "Sample") -> None:
        self.latencies += other.latencies
        self.errors += other.errors
        self.queries += other.queries
        self.first_error = self.first_error or other.first_error


def percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def one_at_a_time(session: Session, url: str, seconds: float, at_least: int) -> Sample:
    sample = Sample()
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline or len(sample.latencies) < at_least:
        sample.add(session.get(url))
    return sample


def concurrent(session: Session, url: str, clients: int, seconds: float) -> tuple[Sample, float]:
    """Each client thread requests the page back to back; returns the sample and req/s."""
    samples = [Sample() for _ in range(clients)]
    deadline = time.monotonic() + seconds

    def run(sample: Sample) -> None:
        mine = session.copy()
        while time.monotonic() < deadline:
            try:
                sample.add(mine.get(url))
            except OSError as error:
                sample.failed(error)

    started = time.monotonic()
    threads = [threading.Thread(target=run, args=(s,)) for s in samples]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    merged = Sample()
    for sample in samples:
        merged.merge(sample)
    return merged, len(merged.latencies) / elapsed if elapsed else 0.0


def in_turns(
    targets: Sequence[tuple[Session, str]], clients: int, seconds: float
) -> list[tuple[Sample, float]]:
    """Each target's sample and mean req/s, measured in alternating slices.

    Each gets `seconds` in all, in one-second turns, so a drift in the machine's speed weighs
    on all alike rather than on whichever was measured in the slower minute.
    """
    turns = max(1, round(seconds))
    merged = [Sample() for _ in targets]
    rates: list[list[float]] = [[] for _ in targets]
    for _ in range(turns):
        for index, (session, url) in enumerate(targets):
            sample, rate = concurrent(session, url, clients, seconds / turns)
            merged[index].merge(sample)
            rates[index].append(rate)
    return [(sample, statistics.fmean(rate)) for sample, rate in zip(merged, rates, strict=True)]


@dataclass(frozen=True)
class MixedPage:
    name: str
    weight: int
    session: Session
    url: str


def open_loop(
    mix: Sequence[MixedPage],
    rate: float,
    seconds: float,
    seed: int = 0,
    timeout: float = 30,
    most_in_flight: int = 256,
) -> dict[str, Sample]:
    """Mixed traffic at `rate` requests a second for `seconds`, whatever the server's pace.

    Open loop: requests are sent when they are due, not when an earlier one is answered, as
    many independent people would send them. Each page is drawn in proportion to its weight.
    The arrival times are those of a Poisson process holding exactly rate x seconds requests
    (uniform times, sorted), so bursts come as they would from many people. A request's latency
    counts from when it was due, so a server (or client) that falls behind shows it in the
    latencies rather than in a quietly lower rate. Returns each page's sample.
    """
    rng = random.Random(seed)
    count = round(rate * seconds)
    due = sorted(rng.uniform(0, seconds) for _ in range(count))
    pages = rng.choices(mix, weights=[page.weight for page in mix], k=count)
    samples = {page.name: Sample() for page in mix}
    lock = threading.Lock()

    def send(page: MixedPage, due_at: float) -> None:
        session = page.session.copy(timeout=timeout)
        try:
            response = session.get(page.url)
        except OSError as error:
            with lock:
                samples[page.name].failed(error)
            return
        response.seconds = time.perf_counter() - due_at
        with lock:
            samples[page.name].add(response)

    with ThreadPoolExecutor(max_workers=most_in_flight) as pool:
        start = time.perf_counter() + 0.1
        for offset, page in zip(due, pages, strict=True):
            wait = start + offset - time.perf_counter()
            if wait > 0:
                time.sleep(wait)
            pool.submit(send, page, start + offset)
    return samples


def wait_until_quiet(session: Session, url: str, within: float, most_seconds: float) -> bool:
    """Until the page answers within `within` seconds five times in a row; False if it never did.

    A server that fell behind goes on working through requests its clients gave up on, so the
    next run waits for it to catch up rather than inherit its backlog.
    """
    deadline = time.monotonic() + most_seconds
    prompt = 0
    while time.monotonic() < deadline:
        try:
            response = session.get(url)
        except OSError:
            response = None
        if response is not None and response.status == 200 and response.seconds <= within:
            prompt += 1
            if prompt == 5:
                return True
        else:
            prompt = 0
            time.sleep(0.5)
    return False


def median_queries(sample: Sample) -> int | None:
    return int(statistics.median(sample.queries)) if sample.queries else None
