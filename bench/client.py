"""A small HTTP load client on the standard library: signs in like a browser, then times pages."""

import http.client
import re
import statistics
import threading
import time
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

    def __init__(self, host: str, port: int):
        self.host, self.port = host, port
        self.cookies: dict[str, str] = {}

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
        conn = http.client.HTTPConnection(self.host, self.port, timeout=60)
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
    response = session.post_form("/accounts/login/", {"username": email, "password": password})
    if response.status != 302:
        raise RuntimeError(f"Sign-in as {email} failed (status {response.status}).")
    location = urlsplit(response.headers.get("Location", "/")).path
    landing = session.get(location)
    location = urlsplit(landing.headers.get("Location", "")).path
    if landing.status == 302 and location.startswith("/accounts/two-factor/verify/"):
        for _ in range(3):
            verified = session.post_form(location, {"code": code_for(email), "next": "/"})
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
        # Cookies are shared read-only: each thread copies the session's.
        mine = Session(session.host, session.port)
        mine.cookies = dict(session.cookies)
        while time.monotonic() < deadline:
            try:
                sample.add(mine.get(url))
            except OSError as error:
                sample.errors += 1
                sample.first_error = sample.first_error or repr(error)

    started = time.monotonic()
    threads = [threading.Thread(target=run, args=(s,)) for s in samples]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    merged = Sample()
    for sample in samples:
        merged.latencies += sample.latencies
        merged.errors += sample.errors
        merged.queries += sample.queries
        merged.first_error = merged.first_error or sample.first_error
    return merged, len(merged.latencies) / elapsed if elapsed else 0.0


def alternating(
    floor: tuple[Session, str], page: tuple[Session, str], clients: int, seconds: float
) -> tuple[Sample, float, float]:
    """The page's sample and req/s, and the floor's req/s, measured in alternating slices.

    Each gets `seconds` in all, in one-second turns, so a drift in the machine's speed weighs
    on both alike rather than on whichever was measured in the slower minute.
    """
    turns = max(1, round(seconds))
    merged, page_rates, floor_rates = Sample(), [], []
    for _ in range(turns):
        _, rate = concurrent(*floor, clients, seconds / turns)
        floor_rates.append(rate)
        sample, rate = concurrent(*page, clients, seconds / turns)
        page_rates.append(rate)
        merged.latencies += sample.latencies
        merged.errors += sample.errors
        merged.queries += sample.queries
        merged.first_error = merged.first_error or sample.first_error
    return merged, statistics.fmean(page_rates), statistics.fmean(floor_rates)


def median_queries(sample: Sample) -> int | None:
    return int(statistics.median(sample.queries)) if sample.queries else None
