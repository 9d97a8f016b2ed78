"""A synthetic GIAS extract in the 2024 column layout, for measuring the import at scale.

    python -m bench.gias extract.csv --rows 50000
    time python manage.py import_gias extract.csv

Written in Windows-1252, as real downloads often are. Values are made up.
"""

import argparse
import csv
import random

GIAS_2024_HEADER = (
    "URN,LA (code),LA (name),EstablishmentNumber,EstablishmentName,"
    "TypeOfEstablishment (code),TypeOfEstablishment (name),EstablishmentTypeGroup (code),"
    "EstablishmentTypeGroup (name),EstablishmentStatus (code),EstablishmentStatus (name),"
    "ReasonEstablishmentOpened (code),ReasonEstablishmentOpened (name),OpenDate,"
    "ReasonEstablishmentClosed (code),ReasonEstablishmentClosed (name),CloseDate,"
    "PhaseOfEducation (code),PhaseOfEducation (name),StatutoryLowAge,StatutoryHighAge,"
    "Boarders (code),Boarders (name),NurseryProvision (name),OfficialSixthForm (code),"
    "OfficialSixthForm (name),Gender (code),Gender (name),ReligiousCharacter (code),"
    "ReligiousCharacter (name),ReligiousEthos (name),Diocese (code),Diocese (name),"
    "AdmissionsPolicy (code),AdmissionsPolicy (name),SchoolCapacity,SpecialClasses (code),"
    "SpecialClasses (name),CensusDate,NumberOfPupils,NumberOfBoys,NumberOfGirls,"
    "PercentageFSM,TrustSchoolFlag (code),TrustSchoolFlag (name),Trusts (code),Trusts (name),"
    "SchoolSponsorFlag (name),SchoolSponsors (name),FederationFlag (name),Federations (code),"
    "Federations (name),UKPRN,FEHEIdentifier,FurtherEducationType (name),OfstedLastInsp,"
    "OfstedSpecialMeasures (code),OfstedSpecialMeasures (name),LastChangedDate,Street,"
    "Locality,Address3,Town,County (name),Postcode,SchoolWebsite,TelephoneNum,"
    "HeadTitle (name),HeadFirstName,HeadLastName,HeadPreferredJobTitle,"
    "BSOInspectorateName (name),InspectorateReport,DateOfLastInspectionVisit,"
    "NextInspectionVisit,TeenMoth (name),TeenMothPlaces,CCF (name),SENPRU (name),EBD (name),"
    "PlacesPRU,FTProv (name),EdByOther (name),Section41Approved (name),SEN1 (name),"
    "SEN2 (name),SEN3 (name),SEN4 (name),SEN5 (name),SEN6 (name),SEN7 (name),SEN8 (name),"
    "SEN9 (name),SEN10 (name),SEN11 (name),SEN12 (name),SEN13 (name),"
    "TypeOfResourcedProvision (name),ResourcedProvisionOnRoll,ResourcedProvisionCapacity,"
    "SenUnitOnRoll,SenUnitCapacity,GOR (code),GOR (name),DistrictAdministrative (code),"
    "DistrictAdministrative (name),AdministrativeWard (code),AdministrativeWard (name),"
    "ParliamentaryConstituency (code),ParliamentaryConstituency (name),UrbanRural (code),"
    "UrbanRural (name),GSSLACode (name),Easting,Northing,MSOA (name),LSOA (name),"
    "InspectorateName (name),SENStat,SENNoStat,BoardingEstablishment (name),PropsName,"
    "PreviousLA (code),PreviousLA (name),PreviousEstablishmentNumber,OfstedRating (name),"
    "Country (name),UPRN,SiteName,QABName (code),QABName (name),"
    "EstablishmentAccredited (code),EstablishmentAccredited (name),QABReport,CHNumber,"
    "MSOA (code),LSOA (code),FSM,AccreditationExpiryDate"
).split(",")

TYPES = [
    ("Community school", "Local authority maintained schools", "Primary"),
    ("Voluntary aided school", "Local authority maintained schools", "Primary"),
    ("Foundation school", "Local authority maintained schools", "Secondary"),
    ("Academy converter", "Academies", "Secondary"),
    ("Academy sponsor led", "Academies", "Primary"),
    ("Academy special converter", "Academies", "Not applicable"),
    ("Free schools", "Free Schools", "All-through"),
    ("Pupil referral unit", "Local authority maintained schools", "Not applicable"),
    ("Local authority nursery school", "Local authority maintained schools", "Nursery"),
]
REGIONS = [
    "North East",
    "North West",
    "Yorkshire and the Humber",
    "East Midlands",
    "West Midlands",
    "East of England",
    "London",
    "South East",
    "South West",
]
RATINGS = ["Outstanding", "Good", "Good", "Requires improvement", "Inadequate", ""]


def extract_rows(rows: int, seed: int = 2026, first_urn: int = 200000):
    rng = random.Random(seed)
    for number in range(rows):
        kind, group, phase = rng.choice(TYPES)
        trust = rng.randrange(1, rows // 10 + 2) if group == "Academies" else None
        values = {
            "URN": str(first_urn + number),
            "LA (name)": f"Authority {number % 150}",
            "EstablishmentName": f"St Jos\u00e9's School {number}",
            "TypeOfEstablishment (name)": kind,
            "EstablishmentTypeGroup (name)": group,
            "EstablishmentStatus (name)": "Open" if rng.random() > 0.03 else "Closed",
            "PhaseOfEducation (name)": phase,
            "StatutoryLowAge": "4",
            "StatutoryHighAge": "11",
            "NumberOfPupils": str(rng.randrange(20, 2000)),
            "PercentageFSM": f"{rng.uniform(0, 70):.1f}",
            "Trusts (code)": str(4000 + trust) if trust else "",
            "Trusts (name)": f"Trust {trust}" if trust else "",
            "OfstedRating (name)": rng.choice(RATINGS),
            "OfstedLastInsp": f"{rng.randrange(1, 28):02d}-{rng.randrange(1, 13):02d}-2023",
            "Postcode": f"AB{number % 99 + 1} {number % 9}CD",
            "GOR (name)": rng.choice(REGIONS),
        }
        yield [values.get(name, "") for name in GIAS_2024_HEADER]


def write_extract(path: str, rows: int, seed: int = 2026) -> None:
    with open(path, "w", encoding="cp1252", newline="") as out:
        writer = csv.writer(out, quoting=csv.QUOTE_ALL)
        writer.writerow(GIAS_2024_HEADER)
        writer.writerows(extract_rows(rows, seed))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path")
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args()
    write_extract(args.path, args.rows, args.seed)
    print(f"Wrote {args.rows} rows to {args.path}.")


if __name__ == "__main__":
    main()
