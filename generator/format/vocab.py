"""Controlled vocabularies of the data format, defined once.

The loader, the validator, the JSON Schema, the Meeting Guide importer/exporter, the
site and the docs all read these tables; to add a program or a tag, add one line here.
"""

from __future__ import annotations

from dataclasses import dataclass

KINDS: dict[str, str] = {
    "meeting": "Meeting",
    "community": "Community",
    "coaching": "Peer recovery coaching",
    "helpline": "Helpline",
    "directory": "Directory",
}

ATTENDANCE: dict[str, str] = {
    "in-person": "In person",
    "online": "Online",
    "hybrid": "In person and online",
}

STATUS: dict[str, str] = {
    "active": "Active",
    "temporarily-closed": "Temporarily closed",
    "inactive": "No longer meets",
}

EVERY: tuple[str, ...] = ("week", "2 weeks", "month")

# Order is the week as most US meeting lists show it: Sunday first.
DAYS: tuple[str, ...] = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")
DAY_NAMES: dict[str, str] = {
    "sun": "Sunday",
    "mon": "Monday",
    "tue": "Tuesday",
    "wed": "Wednesday",
    "thu": "Thursday",
    "fri": "Friday",
    "sat": "Saturday",
}
# Python's date.weekday(): Monday is 0.
WEEKDAY_INDEX: dict[str, int] = {
    "mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5, "sun": 6,
}
# Meeting Guide counts days from Sunday = 0.
MEETING_GUIDE_DAY: dict[str, int] = {d: i for i, d in enumerate(DAYS)}

WEEKS_OF_MONTH: tuple[int, ...] = (1, 2, 3, 4, -1)


@dataclass(frozen=True, slots=True)
class Program:
    label: str
    short: str
    about: str


PROGRAMS: dict[str, Program] = {
    "aa": Program("Alcoholics Anonymous", "AA", "12-step fellowship for people with a drinking problem."),
    "na": Program("Narcotics Anonymous", "NA", "12-step fellowship for people recovering from drug addiction."),
    "ca": Program("Cocaine Anonymous", "CA", "12-step fellowship for recovery from cocaine and all mind-altering substances."),
    "cma": Program("Crystal Meth Anonymous", "CMA", "12-step fellowship for recovery from crystal meth addiction."),
    "al-anon": Program("Al-Anon Family Groups", "Al-Anon", "Support for families and friends of people who drink."),
    "smart": Program("SMART Recovery", "SMART", "Science-based, self-empowering mutual-aid meetings."),
    "recovery-dharma": Program("Recovery Dharma", "Recovery Dharma", "Peer-led recovery using Buddhist practices and meditation."),
    "refuge-recovery": Program("Refuge Recovery", "Refuge Recovery", "Buddhist-inspired path to recovery from addiction."),
    "lifering": Program("LifeRing Secular Recovery", "LifeRing", "Secular, abstinence-based peer support."),
    "women-for-sobriety": Program("Women for Sobriety", "WFS", "Peer support for women in recovery, built on positive change."),
    "celebrate-recovery": Program("Celebrate Recovery", "Celebrate Recovery", "Christ-centered 12-step recovery program."),
    "the-phoenix": Program("The Phoenix", "The Phoenix", "Free sober active community: fitness, climbing, yoga and more."),
    "other": Program("Other peer support", "Other", "Other peer-support groups and services."),
}


@dataclass(frozen=True, slots=True)
class Tag:
    label: str
    meeting_guide: str | None  # the Meeting Guide type code, when the vocabularies overlap


TAGS: dict[str, Tag] = {
    "open": Tag("Open meeting", "O"),  # not "to all": an open men's meeting is open to men
    "closed": Tag("Closed (for people who want to stop)", "C"),
    "newcomer": Tag("Newcomer friendly", "BE"),
    "speaker": Tag("Speaker", "SP"),
    "discussion": Tag("Discussion", "D"),
    "step-study": Tag("Step study", "ST"),
    "big-book": Tag("Big Book", "B"),
    "literature": Tag("Literature", "LIT"),
    "tradition-study": Tag("Tradition study", "TR"),
    "meditation": Tag("Meditation", "MED"),
    "women": Tag("Women", "W"),
    "men": Tag("Men", "M"),
    "lgbtq": Tag("LGBTQ+", "LGBTQ"),
    "gay": Tag("Gay", "G"),
    "lesbian": Tag("Lesbian", "L"),
    "transgender": Tag("Transgender", "T"),
    "young-people": Tag("Young people", "Y"),
    "seniors": Tag("Seniors", "SEN"),
    "people-of-color": Tag("People of color", "POC"),
    "professionals": Tag("Professionals", "P"),
    "secular": Tag("Secular", "A"),
    "spanish": Tag("Spanish", "S"),
    "english": Tag("English", "EN"),
    "french": Tag("French", "FR"),
    "asl": Tag("American Sign Language", "ASL"),
    "wheelchair": Tag("Wheelchair accessible", "X"),
    "wheelchair-bathroom": Tag("Wheelchair-accessible bathroom", "XB"),
    "child-friendly": Tag("Child friendly", "CF"),
    "babysitting": Tag("Babysitting available", "BA"),
    "fragrance-free": Tag("Fragrance free", "FF"),
    "outdoor": Tag("Outdoor", "OUT"),
    "dual-diagnosis": Tag("Dual diagnosis", "DD"),
    "trauma-informed": Tag("Trauma informed", None),
    "family": Tag("For families and friends", None),
    "free": Tag("Free", None),
    # The rest of Meeting Guide's reserved type codes, so importing a feed keeps them.
    "eleventh-step": Tag("11th Step meditation", "11"),
    "steps-and-traditions": Tag("12 Steps & 12 Traditions", "12x12"),
    "as-bill-sees-it": Tag("As Bill Sees It", "ABSI"),
    "daily-reflections": Tag("Daily Reflections", "DR"),
    "grapevine": Tag("Grapevine", "GR"),
    "living-sober": Tag("Living Sober", "LS"),
    "birthday": Tag("Birthday", "H"),
    "breakfast": Tag("Breakfast", "BRK"),
    "candlelight": Tag("Candlelight", "CAN"),
    "cross-talk": Tag("Cross talk permitted", "XT"),
    "smoking": Tag("Smoking permitted", "SM"),
    "proof-of-attendance": Tag("Proof of attendance", "POA"),
    "digital-basket": Tag("Digital basket", "DB"),
    "with-al-anon": Tag("Concurrent with Al-Anon", "AL-AN"),
    "with-alateen": Tag("Concurrent with Alateen", "AL"),
    "bisexual": Tag("Bisexual", "BI"),
    "non-binary": Tag("Non-binary", "NB"),
    "indigenous": Tag("Indigenous", "NDG"),
    "native-american": Tag("Native American", "N"),
    "amharic": Tag("Amharic", "AM"),
    "croatian": Tag("Croatian", "HR"),
    "danish": Tag("Danish", "DA"),
    "german": Tag("German", "DE"),
    "greek": Tag("Greek", "EL"),
    "hebrew": Tag("Hebrew", "HE"),
    "hindi": Tag("Hindi", "HI"),
    "hungarian": Tag("Hungarian", "HU"),
    "italian": Tag("Italian", "ITA"),
    "japanese": Tag("Japanese", "JA"),
    "korean": Tag("Korean", "KOR"),
    "lithuanian": Tag("Lithuanian", "LT"),
    "malayalam": Tag("Malayalam", "ML"),
    "norwegian": Tag("Norwegian", "NO"),
    "persian": Tag("Persian", "FA"),
    "polish": Tag("Polish", "POL"),
    "portuguese": Tag("Portuguese", "POR"),
    "punjabi": Tag("Punjabi", "PUN"),
    "russian": Tag("Russian", "RUS"),
    "slovak": Tag("Slovak", "SK"),
    "swedish": Tag("Swedish", "SV"),
    "tagalog": Tag("Tagalog", "TL"),
    "thai": Tag("Thai", "TH"),
    "ukrainian": Tag("Ukrainian", "UK"),
}

TAG_BY_MEETING_GUIDE: dict[str, str] = {
    t.meeting_guide: name for name, t in TAGS.items() if t.meeting_guide
}

# Finder time bands, in minutes after midnight local to the meeting: [start, end).
TIME_BANDS: dict[str, tuple[int, int]] = {
    "morning": (4 * 60, 12 * 60),
    "afternoon": (12 * 60, 17 * 60),
    "evening": (17 * 60, 21 * 60),
    "night": (21 * 60, 28 * 60),  # wraps past midnight to 4:00
}
