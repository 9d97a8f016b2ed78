"""Sections that other apps add to the school profile and the hub page.

hubs cannot import reviews or brokering (dependencies point the other way), so those apps
register a section function here from their AppConfig.ready(). A section function takes
(user, obj) and returns (template name, context) or None when the user may not see it.
Each must run a bounded number of queries.
"""

from collections.abc import Callable

Section = tuple[str, dict] | None
SectionFunction = Callable[..., Section]

_school_profile_sections: list[SectionFunction] = []
_hub_page_sections: list[SectionFunction] = []


def school_profile_section(func: SectionFunction) -> SectionFunction:
    if func not in _school_profile_sections:
        _school_profile_sections.append(func)
    return func


def hub_page_section(func: SectionFunction) -> SectionFunction:
    if func not in _hub_page_sections:
        _hub_page_sections.append(func)
    return func


def school_profile_sections(user, school) -> list[tuple[str, dict]]:
    return [section for func in _school_profile_sections if (section := func(user, school))]


def hub_page_sections(user, hub) -> list[tuple[str, dict]]:
    return [section for func in _hub_page_sections if (section := func(user, hub))]
