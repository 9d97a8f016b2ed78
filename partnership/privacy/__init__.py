"""Personal data under UK GDPR: the subject-access export, erasure of a person who has left, the
retention purge and the privacy notice.

What each app holds about a person is gathered, and erased, through the `Page.PERSONAL_DATA` and
`Page.ERASURE` registries (partnership/lib/sections.py), so a new app adds its own part.
"""
