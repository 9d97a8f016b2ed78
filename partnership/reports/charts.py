"""What each report chart draws; static/js/reports.js turns these into Chart.js charts."""

from partnership.reports.figures import Report


def chart(chart_id: str, kind: str, title: str, labels, datasets, stacked=False) -> dict:
    return {
        "id": chart_id,
        "type": kind,
        "title": title,
        "labels": [str(label) for label in labels],
        # Chart.js wants numbers; Decimals would reach it as strings.
        "datasets": [
            {"label": label, "data": [float(v) for v in data]} for label, data in datasets
        ],
        "stacked": stacked,
    }


def charts_for(report: Report) -> dict[str, dict]:
    """Charts by the name of the table that holds the same numbers."""
    figures = report.figures
    growth = figures["growth"]
    years = [f"{row['year']}/{str(row['year'] + 1)[-2:]}" for row in growth]
    phases = figures["phases"]
    governance = figures["governance"]
    reviews = figures["reviews"]
    spend = figures["spend"]
    charts = {
        "phase": chart(
            "chart-phase",
            "bar",
            "Member schools by phase",
            [row["label"] for row in phases],
            [("Schools", [row["schools"] for row in phases])],
        ),
        "governance": chart(
            "chart-governance",
            "doughnut",
            "Member schools by governance",
            [row["label"] for row in governance],
            [("Schools", [row["schools"] for row in governance])],
        ),
        "growth": chart(
            "chart-growth",
            "line",
            "Members at the end of each year",
            years,
            [
                ("Members", [row["members"] for row in growth]),
                ("Joined", [row["joined"] for row in growth]),
                ("Left", [row["left"] for row in growth]),
            ],
        ),
        "areas": chart(
            "chart-areas",
            "bar",
            "Support requests by practice area (top ten)",
            [row["name"] for row in figures["requests"]["by_area"]],
            [("Requests", [row["requests"] for row in figures["requests"]["by_area"]])],
        ),
        "spend": chart(
            "chart-spend",
            "bar",
            "Hub spend by category (£)",
            [row["category"] for row in spend["by_category"]],
            [("Spent (£)", [row["spent"] for row in spend["by_category"]])],
        ),
    }
    # One stacked bar per heading, one segment per grade, as shares of the heading's estimates.
    estimates = reviews["estimates"]
    headings = list(dict.fromkeys(row["heading"] for row in estimates))
    grades = list(dict.fromkeys(row["grade"] for row in estimates))
    share = {(row["heading"], row["grade"]): row["percent"] for row in estimates}
    charts["estimates"] = chart(
        "chart-estimates",
        "bar",
        "Share of each estimate by heading (%)",
        headings,
        [(grade, [share.get((heading, grade), 0) for heading in headings]) for grade in grades],
        stacked=True,
    )
    regions = spend["by_region"] if report.hub is None else []
    labels = [row["region"] for row in regions] or ([report.hub.name] if report.hub else [])
    allocated = [row["allocated"] for row in regions] or [spend["allocated"]]
    spent = [row["spent"] for row in regions] or [spend["spent"]]
    charts["budget"] = chart(
        "chart-budget",
        "bar",
        "Budget against actual (£)" + (" by region" if report.hub is None else ""),
        labels,
        [("Allocated (£)", allocated), ("Spent (£)", spent)],
    )
    return charts
