"""Realistic synthetic directories for tests and benchmarks.

Entries cluster in real towns (real US postal codes, centroids and time zones from the
`zipcodes` package), with the mix of programs, attendance modes, schedules and tags a
regional meeting list has. The same count and seed always give the same file.
"""

from __future__ import annotations

import math
import random
from datetime import date, time, timedelta

import zipcodes

from generator.format.model import (
    Contact,
    Dataset,
    Defaults,
    Location,
    Online,
    Resource,
    ScheduleSlot,
)

from .feeds.values import slugify

STATES = ("IL", "IN", "WI", "MO", "IA", "MI", "OH", "KY", "MN")
PROGRAM_WEIGHTS = {
    "aa": 45, "na": 18, "al-anon": 8, "smart": 7, "ca": 4, "cma": 2, "recovery-dharma": 4,
    "refuge-recovery": 1, "lifering": 2, "women-for-sobriety": 2, "celebrate-recovery": 4,
    "the-phoenix": 2, "other": 1,
}
ADJECTIVES = ("Tuesday Night", "Serenity", "Hope", "New Beginnings", "Keep It Simple",
              "Early Bird", "Sunrise", "Happy Destiny", "Came to Believe", "Courage to Change",
              "Freedom", "Lakeside", "Downtown", "Northside", "Back to Basics", "Gratitude",
              "Spiritual Awakening", "Into Action", "Just for Today", "Miracle", "Riverside",
              "Último Trago", "Nueva Vida", "One Day at a Time", "Primary Purpose")
NOUNS = ("Group", "Meeting", "Circle", "Fellowship", "Discussion", "Step Study", "Speakers")
PLACES = ("First Methodist Church", "St. Mark's Church Hall", "Community Center", "Alano Club",
          "Public Library, Room B", "Recovery Community Center", "Grace Lutheran Church",
          "YMCA", "Senior Center", "Hospital Conference Room 2", "Unitarian Fellowship Hall")
STREETS = ("Main St", "Oak St", "Maple Ave", "Washington St", "Church St", "Park Ave",
           "Lincoln Ave", "2nd St", "Elm St", "Lake St", "Grand Ave", "Mill Rd")
COMMON_TAGS = ("open", "closed", "discussion", "speaker", "step-study", "big-book",
               "wheelchair", "newcomer", "women", "men", "lgbtq", "spanish", "young-people",
               "literature", "meditation", "asl", "child-friendly", "secular")
ANCHOR = date(2026, 11, 1)  # fixed so files are reproducible


def generate(count: int, seed: int = 1, *, states: tuple[str, ...] = STATES) -> Dataset:
    rng = random.Random(seed)
    towns = [z for z in zipcodes.list_all()
             if z["state"] in states and z["zip_code_type"] == "STANDARD" and z["active"]
             and z["timezone"]]
    towns.sort(key=lambda z: z["zip_code"])
    hubs = rng.sample(towns, k=min(len(towns), max(3, count // 12)))
    weights = [1 / (i + 1) ** 0.8 for i in range(len(hubs))]  # a few big towns, many small
    programs, pweights = zip(*PROGRAM_WEIGHTS.items(), strict=True)
    resources = []
    used: set[str] = set()
    for i in range(count):
        hub = rng.choices(hubs, weights)[0]
        program = rng.choices(programs, pweights)[0]
        resources.append(_resource(rng, i, hub, program, used))
    return Dataset(path="<synth>", resources=resources,
                   defaults=Defaults(timezone="America/Chicago", country="US"))


def _resource(rng: random.Random, i: int, hub: dict[str, str], program: str,
              used: set[str]) -> Resource:
    attendance = rng.choices(("in-person", "online", "hybrid"), (75, 15, 10))[0]
    kind = "community" if program == "the-phoenix" else "meeting"
    name = f"{rng.choice(ADJECTIVES)} {rng.choice(NOUNS)}"
    ident = slugify(f"{hub['city']}-{name}")
    if ident in used:
        ident = f"{ident}-{i}"
    used.add(ident)
    location = online = None
    if attendance != "online":
        # up to ~8 miles from the town centroid, so "near 62701" finds several towns
        dist, bearing = rng.random() ** 0.5 * 0.11, rng.random() * 2 * math.pi
        lat = float(hub["lat"]) + dist * math.cos(bearing)
        lon = float(hub["long"]) + dist * math.sin(bearing) / math.cos(math.radians(lat))
        location = Location(
            place=rng.choice(PLACES), address=f"{rng.randint(1, 9999)} {rng.choice(STREETS)}",
            city=hub["city"].title(), region=hub["state"], postal_code=hub["zip_code"],
            country="US", lat=round(lat, 5), lon=round(lon, 5),
            directions=rng.choice(("", "", "Side door, downstairs", "Parking in back")),
        )
    if attendance != "in-person":
        online = Online(url=f"https://example.org/join/{ident}",
                        phone=rng.choice(("", "+1 312 555 0100")),
                        notes=rng.choice(("", "Passcode on the group's website")))
    return Resource(
        id=ident, name=name, kind=kind, program=program, attendance=attendance,
        status=rng.choices(("active", "temporarily-closed", "inactive"), (95, 4, 1))[0],
        schedule=tuple(_slots(rng)), timezone=hub["timezone"], location=location,
        online=online,
        tags=tuple(sorted(rng.sample(COMMON_TAGS, k=rng.choice((0, 1, 2, 2, 3, 4))))),
        description=rng.choice(("", "", "Literature discussion; newcomers welcome.",
                                "Coffee from 6:30. Meeting ends with the Serenity Prayer.")),
        contact=Contact(email=f"{ident[:30]}@example.org") if rng.random() < 0.2 else None,
        verified=ANCHOR - timedelta(days=rng.randint(0, 500)) if rng.random() < 0.85 else None,
        source=rng.choice(("Synthetic Intergroup", "Synthetic Area Service")),
    )


def _slots(rng: random.Random) -> list[ScheduleSlot]:
    slots = []
    for _ in range(rng.choices((1, 2, 3), (70, 22, 8))[0]):
        start = rng.choice((6, 7, 7, 10, 12, 12, 17, 18, 18, 19, 19, 19, 20, 20, 21)) * 60
        start += rng.choice((0, 0, 30))
        length = rng.choice((60, 60, 90))
        end = (start + length) % (24 * 60)
        every, weeks = rng.choices((("week", ()), ("2 weeks", ()), ("month", (1, 3)),
                                    ("month", (-1,))), (92, 2, 3, 3))[0]
        days = sorted(rng.sample(range(7), k=rng.choices((1, 2, 5, 7), (80, 10, 7, 3))[0]))
        slots.append(ScheduleSlot(
            days=tuple(("sun", "mon", "tue", "wed", "thu", "fri", "sat")[d] for d in days),
            start=time(start // 60, start % 60), end=time(end // 60, end % 60),
            every=every, weeks=weeks,
            from_=_fortnight_date(days[0], start) if every == "2 weeks" else None))
    return slots


def _fortnight_date(day: int, start: int) -> date:
    """A `from:` date for a fortnightly slot: its first day (0 = Sunday) in the week of
    ANCHOR or the one before, chosen by the start hour so both phases occur, without
    drawing from `rng` (the rest of a seed's file stays as it was)."""
    monday = ANCHOR - timedelta(days=ANCHOR.weekday())
    return monday + timedelta(days=(day - 1) % 7 - 7 * (start // 60 % 2))
