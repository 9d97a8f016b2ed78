"""Dates written one way everywhere on screen: "4 Dec 2026" (en-GB's short date is 04/12/2026).

Forms still read every format en-GB reads.
"""

from django.conf.locale.en_GB.formats import *  # noqa: F403 (the input formats)

DATE_FORMAT = "j M Y"
SHORT_DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j M Y, H:i"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
MONTH_DAY_FORMAT = "j M"
YEAR_MONTH_FORMAT = "M Y"
