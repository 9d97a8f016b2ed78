"""What each report chart draws; static/js/reports.js turns these into Chart.js charts."""

from partnership.reports.figures import Report, percent

# A grade scale is ordered, so its colours must be too: a diverging scale, colour-blind safe
# (ColorBrewer RdYlBu), from deep blue for the best grade through to red for the worst.
ORDINAL_COLOURS = ["#313695", "#4575b4", "#74add1", "#abd9e9", "#fdae61", "#f46d43", "#d73027"]


def ordinal_colour(position: int, steps: int) -> str:
    """The colour of the position'th point (0 the best) of a scale of `steps` points."""
    if steps <= 1:
        return ORDINAL_COLOURS[0]
    last = len(ORDINAL_COLOURS) - 1
    return ORDINAL_COLOURS[round(position * last / (steps - 1))]


def chart(
    chart_id: str, kind: str, title: str, labels, datasets, stacked=False, colours=None
) -> dict:
    """colours: one per dataset for an ordered series (grades); otherwise the page's palette."""
    # Chart.js wants numbers; Decimals would reach it as strings.
    specs = [{"label": label, "data": [float(v) for v in data]} for label, data in datasets]
    for spec, colour in zip(specs, colours or [], strict=False):
        spec["colour"] = colour
    return {
        "id": chart_id,
        "type": kind,
        "title": title,
        "labels": [str(label) for label in labels],
        "datasets": specs,
        "stacked": stacked,
    }


def grade_colours(grades: list[str], scales: dict[str, list[str]]) -> list[str]:
    """Each grade's colour from its place on its framework's scale, best first."""
    place = {}
    for scale in scales.values():
        for position, label in enumerate(scale):
            place.setdefault(label, ordinal_colour(position, len(scale)))
    return [place.get(grade, ORDINAL_COLOURS[-1]) for grade in grades]


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
        colours=grade_colours(grades, reviews["grades"]),
    )
    # One stacked bar per heading: the share of its estimates that moved up, stayed or fell.
    moved = figures["impact"]["headings"]
    charts["impact_headings"] = chart(
        "chart-impact-headings",
        "bar",
        "How estimates moved from the previous review (%)",
        [row["heading"] for row in moved],
        [
            (label, [percent(row[name], row["compared"]) for row in moved])
            for name, label in [
                ("up", "Moved up"),
                ("same", "Stayed the same"),
                ("down", "Moved down"),
            ]
        ],
        stacked=True,
        colours=[ORDINAL_COLOURS[0], "#999999", ORDINAL_COLOURS[-1]],
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
