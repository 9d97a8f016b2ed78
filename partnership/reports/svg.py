"""A report chart as a static SVG of horizontal bars, for the PDF (WeasyPrint runs no script).

It draws the same spec that static/js/reports.js draws on the page: one group of bars per label,
one bar per dataset (or one bar of segments when stacked), each with its figure written at its
end. The table beside it stays the full version: long labels are shortened here.
"""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

# The page's palette (Okabe-Ito, colour-blind safe), in the page's order.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
WIDTH, LABELS, BARS, BAR, GAP, FONT = 480, 170, 250, 7, 5, 6.5
LONGEST_LABEL = 44


def short(text: str) -> str:
    return text if len(text) <= LONGEST_LABEL else text[: LONGEST_LABEL - 1] + "…"


def figure(value: float) -> str:
    return f"{value:,.1f}".removesuffix(".0")


def bar_chart_svg(spec: dict) -> SafeString:
    datasets = spec["datasets"]
    colours = [d.get("colour") or PALETTE[i % len(PALETTE)] for i, d in enumerate(datasets)]
    rows = list(zip(*(d["data"] for d in datasets), strict=True))
    if spec["stacked"]:
        # Shares: the scale runs to 100%, or past it where rounding adds up to more.
        low, high = 0.0, max([sum(v for v in row if v) for row in rows] + [100.0])
    else:
        values = [v for row in rows for v in row if v is not None]
        low, high = min(values + [0.0]), max(values + [0.0])
    span = (high - low) or 1.0

    def x(value: float) -> float:
        return LABELS + (value - low) / span * BARS

    parts = []
    # The legend: one swatch per dataset.
    left = LABELS
    for data, colour in zip(datasets, colours, strict=True):
        parts.append(f'<rect x="{left}" y="2" width="7" height="7" fill="{colour}"/>')
        parts.append(f'<text x="{left + 10}" y="8.5">{escape(short(data["label"]))}</text>')
        left += 16 + 4.2 * len(short(data["label"]))
    top = 16.0
    per_row = BAR if spec["stacked"] else BAR * len(datasets)
    for label, row in zip(spec["labels"], rows, strict=True):
        middle = top + per_row / 2 + 2.3
        parts.append(f'<text x="{LABELS - 4}" y="{middle}" text-anchor="end">')
        parts.append(f"{escape(short(label))}</text>")
        start = 0.0
        for n, (value, colour) in enumerate(zip(row, colours, strict=True)):
            if value is None:
                continue
            if spec["stacked"]:
                parts.append(
                    f'<rect x="{x(start):.1f}" y="{top}" width="{x(start + value) - x(start):.1f}" '
                    f'height="{BAR}" fill="{colour}"/>'
                )
                start += value
                continue
            y = top + n * BAR
            a, b = sorted((x(0.0), x(value)))
            parts.append(
                f'<rect x="{a:.1f}" y="{y}" width="{b - a:.1f}" height="{BAR - 1}" '
                f'fill="{colour}"/>'
            )
            parts.append(f'<text x="{b + 2:.1f}" y="{y + BAR - 1.8}">{figure(value)}</text>')
        top += per_row + GAP
    height = top + 2
    body = "".join(parts)
    return mark_safe(  # noqa: S308 (every text in it is escaped above)
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height:.0f}" '
        f'width="100%" font-family="sans-serif" font-size="{FONT}" role="img" '
        f'aria-label="{escape(spec["title"])}. The figures are in the table that follows.">'
        f"{body}</svg>"
    )
