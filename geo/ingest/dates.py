"""Publication dates written out in words, as bylines give them: "By A Reporter | July 7, 2021", "نشر في 7 يوليو 2021".

:func:`read_date` reads the first date in a short text (ISO, month-day-year
or day-month-year, English or Arabic month names, Western or Arabic-Indic
digits); :func:`byline_date` looks for one in the lines a byline sits on,
above the story, and never in the story's own sentences, whose dates are
the events'.

>>> read_date("Updated: Jul. 7, 2021 10:30 GMT")
datetime.date(2021, 7, 7)
"""

from __future__ import annotations

import datetime as dt
import re

_ENGLISH = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
            "november", "december")
#: Month names → month number: English in full and cut to three letters, Arabic as Egypt and the Gulf
#: name them and as the Levant and Iraq do.
MONTHS: dict[str, int] = {
    **{name: number for number, name in enumerate(_ENGLISH, 1)},
    **{name[:3]: number for number, name in enumerate(_ENGLISH, 1)},
    "sept": 9,
    **{name: number for number, name in enumerate(
        ("يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر",
         "ديسمبر"), 1)},
    **{name: number for number, name in enumerate(
        ("كانون الثاني", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب", "أيلول", "تشرين الأول",
         "تشرين الثاني", "كانون الأول"), 1)},
    "ابريل": 4, "اغسطس": 8, "اكتوبر": 10, "اذار": 3, "ايار": 5, "ايلول": 9,
}
#: A byline sits on one of the text's first lines (after the title, a kicker, the author's name)…
BYLINE_LINES = 4
#: …and is short.
BYLINE_CHARS = 100

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_MONTH = "|".join(sorted(map(re.escape, MONTHS), key=len, reverse=True))  # longest first: "sept" before "sep"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_PATTERNS = (
    re.compile(r"\b(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})\b"),
    re.compile(rf"(?<!\w)(?P<month>{_MONTH})\.?\s+{_DAY},?\s+(?P<year>\d{{4}})\b", re.IGNORECASE),
    re.compile(rf"\b{_DAY}\s+(?P<month>{_MONTH})\.?,?\s+(?P<year>\d{{4}})\b", re.IGNORECASE),
)
_SENTENCE_ENDS = (".", "!", "?", "؟", "…")
#: The time of day after an ISO date, if any.
_ISO_TIME = re.compile(r"[T ](?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?")
#: No article in a store was published before this year; earlier ones are typing errors.
EARLIEST_YEAR = 1800


def impossible_date(text: str, day: dt.date, today: dt.date | None = None) -> str | None:
    """Why the ISO date or date-time ``text`` (whose date part reads as ``day``) cannot be a publication date,
    or None: a time of day that does not exist, a year before :data:`EARLIEST_YEAR`, a day after tomorrow
    (placeholders such as 9999-12-31 are in the future).

    >>> impossible_date("2021-07-07T99:99", dt.date(2021, 7, 7))
    'there is no time 99:99'
    >>> impossible_date("2021-07-07T08:30:00+04:30", dt.date(2021, 7, 7)) is None
    True
    """
    time = _ISO_TIME.match(text, 10)
    if time and (int(time["hour"]) > 24 or int(time["minute"]) > 59 or int(time["second"] or 0) > 60):
        return f"there is no time {time['hour']}:{time['minute']}"
    if day.year < EARLIEST_YEAR:
        return f"it is before {EARLIEST_YEAR}"
    if day > (today or dt.date.today()) + dt.timedelta(days=1):
        return "it is in the future"
    return None


def read_date(text: str) -> dt.date | None:
    """The first date written in ``text``, if any reads as a real one.

    >>> read_date("By A Reporter | July 7, 2021"), read_date("الأربعاء ٧ تموز ٢٠٢١"), read_date("Feb 30, 2021")
    (datetime.date(2021, 7, 7), datetime.date(2021, 7, 7), None)
    """
    text = text.translate(_DIGITS)
    for pattern in _PATTERNS:
        for match in pattern.finditer(text):
            month = match["month"]
            month = int(month) if month.isdigit() else MONTHS[month.lower()]
            try:
                return dt.date(int(match["year"]), month, int(match["day"]))
            except ValueError:
                continue
    return None


def byline_date(text: str) -> dt.date | None:
    """The date of a byline among the first :data:`BYLINE_LINES` lines of an article's ``text``.

    A byline is short (at most :data:`BYLINE_CHARS`) and is not a sentence
    (it does not end in . ! ? ؟ …): a date in the story is the event's.

    >>> byline_date("Qala-i-Naw falls\\n\\nPublished 7 July 2021\\n\\nTaliban fighters entered the city.")
    datetime.date(2021, 7, 7)
    """
    lines = [line.strip() for line in text.splitlines() if line.strip()][:BYLINE_LINES]
    for line in lines:
        if len(line) <= BYLINE_CHARS and not line.endswith(_SENTENCE_ENDS):
            found = read_date(line)
            if found:
                return found
    return None
