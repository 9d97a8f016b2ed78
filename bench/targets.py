"""The benchmark's targets, and which of them a run's results miss.

- No errors, and every key page's p95 at most P95_TARGET_MS with one client.
- Capacity: mixed traffic sent open-loop at CAPACITY_RATE requests a second for
  CAPACITY_SECONDS, with a p95 at most P95_TARGET_MS and no error.
- Each list page serves at least as many requests a second as admin's changelist of the same
  model at the same page size, measured in the same run.

The floor page's share is reported, not targeted.
"""

P95_TARGET_MS = 150
CAPACITY_RATE = 40
CAPACITY_SECONDS = 60


def missed(results: dict) -> list[str]:
    """One line for each target the results miss; empty when every target is met."""
    lines = []
    for page in results["skipped"]:
        lines.append(f"{page['name']}: not measured ({page['reason']})")
    for page in [results["floor"], *results["pages"]]:
        if page["errors"]:
            lines.append(f"{page['name']}: {page['errors']} errors ({page['first_error']})")
        if page["p95_ms"] > P95_TARGET_MS:
            lines.append(f"{page['name']}: p95 {page['p95_ms']} ms > {P95_TARGET_MS} ms")
    for page in results["pages"]:
        if "admin_rps" not in page:
            continue
        if page["admin_errors"]:
            lines.append(
                f"{page['name']}: admin's changelist answered {page['admin_errors']} errors, "
                "so the comparison does not hold"
            )
        elif page["rps"] < page["admin_rps"]:
            lines.append(
                f"{page['name']}: {page['rps']} req/s < admin's changelist {page['admin_rps']}"
            )
    capacity = results["capacity"]
    if capacity["rate"] < CAPACITY_RATE or capacity["seconds"] < CAPACITY_SECONDS:
        lines.append(
            f"capacity: run at {capacity['rate']} req/s for {capacity['seconds']} s, short of "
            f"{CAPACITY_RATE} req/s for {CAPACITY_SECONDS} s"
        )
    if capacity["errors"]:
        lines.append(f"capacity: {capacity['errors']} errors ({capacity['first_error']})")
    if capacity["p95_ms"] > P95_TARGET_MS:
        lines.append(
            f"capacity: p95 {capacity['p95_ms']} ms at {capacity['rate']} req/s "
            f"> {P95_TARGET_MS} ms"
        )
    # Pages keep their target while an import runs on the worker.
    during = results.get("during_import", {})
    if during.get("errors"):
        lines.append(f"during the import: {during['errors']} requests failed")
    if during.get("p95_ms", 0) > P95_TARGET_MS:
        lines.append(f"during the import: p95 {during['p95_ms']} ms > {P95_TARGET_MS} ms")
    return lines
