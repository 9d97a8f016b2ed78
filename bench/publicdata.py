"""Synthetic national files in the published formats, for timing the public-data imports.

    python -m bench.publicdata ofsted inspections.csv --rows 150000 --schools 25000
    python -m bench.publicdata ks4 england_ks4final.csv --rows 5000
    python -m bench.publicdata links links.csv --rows 4000 --schools 25000
    time python manage.py import_ofsted inspections.csv

URNs start at 200000, as bench/gias.py's do, so the files match a generated GIAS extract.
Written in Windows-1252, as published. Values are made up.
"""

import argparse
import csv
import datetime
import random

from hubs.choices import ReportCardGrade

# The published header rows, the same ones the import tests write their files with.
from tests.publicdata.published import KS4_HEADER, LINKS_HEADER, OFSTED_HEADER

FIRST_URN = 200000
CARD = [label for _, label in ReportCardGrade.choices]
CARD_COLUMNS = OFSTED_HEADER[20:28]


def ofsted_rows(rows: int, schools: int, seed: int = 2026):
    rng = random.Random(seed)
    for number in range(rows):
        urn = FIRST_URN + rng.randrange(schools)
        day = datetime.date(2010, 1, 1) + datetime.timedelta(days=rng.randrange(16 * 365))
        values = {
            "URN": str(urn),
            "LAESTAB": str(3520000 + urn % 9999),
            "School name": f"St Jos\u00e9's School {urn - FIRST_URN}",
            "Ofsted phase": "Primary",
            "Type of education": "Community school",
            "Inspection number": str(10000000 + number),
            "Inspection start date": day.strftime("%d/%m/%Y"),
            "Publication date": (day + datetime.timedelta(days=30)).strftime("%d/%m/%Y"),
        }
        if day >= datetime.date(2025, 11, 10):
            values["Inspection type"] = "Report card inspection"
            for column in CARD_COLUMNS[:6]:
                values[column] = rng.choice(CARD)
            values["Safeguarding"] = rng.choice(["Met", "Met", "Not met"])
        elif rng.random() < 0.3:
            values["Inspection type"] = "S8 Inspection"
            values["Overall effectiveness"] = "NULL"
        else:
            values["Inspection type"] = "S5 Inspection"
            grade = str(rng.choice([1, 2, 2, 2, 3, 4]))
            overall = "Not judged" if day >= datetime.date(2024, 9, 2) else grade
            values["Overall effectiveness"] = overall
            for column in OFSTED_HEADER[13:17]:
                values[column] = str(rng.choice([1, 2, 2, 3]))
            values["Safeguarding is effective?"] = "Yes"
        yield [values.get(name, "") for name in OFSTED_HEADER]


def ks4_rows(rows: int, seed: int = 2026):
    rng = random.Random(seed)
    yield ["5", "", "", "", "England", "", "560000", "45.9", "-0.03", "45.9%", "64.6%"]
    for number in range(rows):
        urn = FIRST_URN + number
        small = rng.random() < 0.03
        yield [
            "1",
            str(300 + number % 150),
            str(4000 + number % 999),
            str(urn),
            f"St Jos\u00e9's School {number}",
            "Town",
            str(rng.randrange(5, 300)),
            "SUPP" if small else f"{rng.uniform(20, 70):.1f}",
            "NP" if small else f"{rng.uniform(-1.5, 1.5):.2f}",
            "SUPP" if small else f"{rng.uniform(10, 90):.0f}%",
            "SUPP" if small else f"{rng.uniform(20, 95):.0f}%",
        ]


def links_rows(rows: int, schools: int, seed: int = 2026):
    rng = random.Random(seed)
    for _ in range(rows):
        before = FIRST_URN + rng.randrange(schools)
        after = 900000 + rng.randrange(99999)
        on = datetime.date(2012, 1, 1) + datetime.timedelta(days=rng.randrange(4000))
        yield [str(before), str(after), "New Academy", "Successor", on.strftime("%d-%m-%Y")]
        yield [str(after), str(before), "Old School", "Predecessor", on.strftime("%d-%m-%Y")]


def write(path: str, header: list[str], rows) -> None:
    with open(path, "w", encoding="cp1252", newline="") as out:
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(header)
        writer.writerows(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("kind", choices=["ofsted", "ks4", "links"])
    parser.add_argument("path")
    parser.add_argument("--rows", type=int, default=150_000)
    parser.add_argument("--schools", type=int, default=25_000)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    if args.kind == "ofsted":
        write(args.path, OFSTED_HEADER, ofsted_rows(args.rows, args.schools, args.seed))
    elif args.kind == "ks4":
        write(args.path, KS4_HEADER, ks4_rows(args.rows, args.seed))
    else:
        write(args.path, LINKS_HEADER, links_rows(args.rows // 2, args.schools, args.seed))
    print(f"Wrote {args.kind} rows to {args.path}.")


if __name__ == "__main__":
    main()
