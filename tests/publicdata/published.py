"""Files written the way they are published: the real header rows, Windows-1252, CRLF."""

import csv
import io

# Ofsted's management information, state-funded schools (all inspections), as published,
# with the 2025 report card columns after the graded ones.
OFSTED_HEADER = [
    "URN",
    "LAESTAB",
    "School name",
    "Ofsted phase",
    "Type of education",
    "Inspection number",
    "Inspection type",
    "Inspection type grouping",
    "Inspection start date",
    "Inspection end date",
    "Publication date",
    "Overall effectiveness",
    "Category of concern",
    "Quality of education",
    "Behaviour and attitudes",
    "Personal development",
    "Effectiveness of leadership and management",
    "Safeguarding is effective?",
    "Early years provision (where applicable)",
    "Sixth form provision (where applicable)",
    "Inclusion",
    "Curriculum and teaching",
    "Achievement",
    "Attendance and behaviour",
    "Personal development and well-being",
    "Leadership and governance",
    "Early years",
    "Sixth form",
    "Safeguarding",
]

# DfE performance tables, school level (england_ks2final.csv / england_ks4final.csv): a few of
# the published columns, in the published order.
KS2_HEADER = [
    "RECTYPE",
    "LEA",
    "ESTAB",
    "URN",
    "SCHNAME",
    "TOWN",
    "TELIG",
    "PTRWM_EXP",
    "PTRWM_HIGH",
]
KS4_HEADER = [
    "RECTYPE",
    "LEA",
    "ESTAB",
    "URN",
    "SCHNAME",
    "TOWN",
    "TPUP",
    "ATT8SCR",
    "P8MEA",
    "PTL2BASICS_95",
    "PTL2BASICS_94",
]

LINKS_HEADER = ["URN", "LinkURN", "LinkName", "LinkType", "LinkEstablishedDate"]


def published_csv(header: list[str], rows: list[dict], encoding: str = "cp1252") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(name, "") for name in header])
    return out.getvalue().encode(encoding)


def ofsted_row(urn: str, number: str, start: str, **cells) -> dict:
    return {
        "URN": urn,
        "LAESTAB": "3521234",
        "School name": cells.pop("name", "St Mary’s Church of England Primary School"),
        "Ofsted phase": "Primary",
        "Type of education": "Voluntary aided school",
        "Inspection number": number,
        "Inspection type": cells.pop("kind", "S5 Inspection"),
        "Inspection start date": start,
        **cells,
    }
