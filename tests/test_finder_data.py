"""Test data for the finder, and a reference of what each filter must keep.

`finder_dataset()` is a deterministic directory around Springfield, IL (postal code 62701)
with every case the finder distinguishes: in-person, hybrid and online entries, online
meetings in other time zones, meetings past midnight, monthly and fortnightly slots (with
and without the `from:` date that says which weeks, in and out of the tests' week),
temporarily closed and inactive entries, an entry without a schedule, accents in names,
words found only in descriptions, a second Springfield (Missouri) and a town abroad.

`expected()` computes, independently of finder.js, which entries a filtered view must list,
from the same rules the page states (DESIGN.md's /find/ parameters; distances with
geopy's great-circle formula). The browser tests compare the page against it.
"""

from __future__ import annotations

import math
import random
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from geopy.distance import great_circle

from generator.format import vocab
from generator.format.model import Dataset, Defaults, Location, Online, Resource, ScheduleSlot

HOME = (39.8, -89.6495)  # the centroid of postal code 62701 in the zipcodes table
SPRINGFIELD_MO = (37.2153, -93.2982)
ONLINE_ZONES = ("America/Chicago", "America/Los_Angeles", "America/New_York", "Europe/London")
TAG_POOL = ("open", "closed", "women", "men", "spanish", "wheelchair", "lgbtq", "newcomer",
            "speaker", "ukrainian", "digital-basket")  # the last two sit past bit 32
PROGRAM_POOL = ("aa", "aa", "aa", "na", "na", "smart", "al-anon", "recovery-dharma")
PLACES = ("Grace Church Hall", "Alano Club", "Public Library", "Community Center", "YMCA")
TOWNS = ("Springfield", "Chatham", "Sherman", "Rochester", "Riverton", "Auburn")


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(ch for ch in decomposed if not unicodedata.category(ch).startswith("M"))
    return " ".join(bare.lower().split())


def _point(rng: random.Random, center: tuple[float, float], max_miles: float) -> tuple[float, float]:
    miles = max_miles * math.sqrt(rng.random())
    bearing = rng.random() * 2 * math.pi
    lat = center[0] + miles / 69.09 * math.cos(bearing)
    lon = center[1] + miles / 69.09 * math.sin(bearing) / math.cos(math.radians(center[0]))
    return round(lat, 5), round(lon, 5)


def _slots(rng: random.Random) -> tuple[ScheduleSlot, ...]:
    slots = []
    for _ in range(rng.choice((1, 1, 1, 2))):
        start = rng.choice((60, 6 * 60 + 30, 7 * 60, 12 * 60, 17 * 60 + 30, 18 * 60 + 30,
                            19 * 60, 20 * 60, 21 * 60 + 30, 23 * 60 + 30))
        length = rng.choice((60, 90))
        every, weeks = rng.choices((("week", ()), ("2 weeks", ()), ("month", (1, 3)),
                                    ("month", (-1,))), (85, 5, 5, 5))[0]
        days = tuple(sorted(rng.sample(vocab.DAYS, k=rng.choice((1, 1, 2, 5))),
                            key=vocab.DAYS.index))
        end = (start + length) % 1440
        slots.append(ScheduleSlot(days=days, start=time(start // 60, start % 60),
                                  end=time(end // 60, end % 60), every=every, weeks=weeks,
                                  from_=_from_date(days[0], start) if every == "2 weeks" else None))
    return tuple(slots)


TEST_WEEK = date(2026, 11, 16)  # the Monday of the week the browser tests are set in


def _from_date(day: str, start: int) -> date | None:
    """Fortnightly slots before noon have no `from:`; later ones one, in the tests' week or
    the week after by the hour's parity, and months before or after it (without drawing
    from the generator, so the rest of the data stays as it was)."""
    hour = start // 60
    if hour < 12:
        return None
    monday = TEST_WEEK + timedelta(weeks=hour % 2 + 2 * (hour - 17))
    return monday + timedelta(days=(vocab.DAYS.index(day) - 1) % 7)


def finder_dataset(count: int = 200, seed: int = 7) -> Dataset:
    rng = random.Random(seed)
    resources: list[Resource] = []
    for i in range(count):
        attendance = rng.choices(("in-person", "hybrid", "online"), (65, 15, 20))[0]
        program = rng.choice(PROGRAM_POOL)
        location = online = None
        zone = "America/Chicago"
        if attendance != "online":
            lat, lon = _point(rng, HOME, 30)
            location = Location(place=rng.choice(PLACES), address=f"{100 + i} Main St",
                                city=rng.choice(TOWNS), region="IL", postal_code="62701",
                                country="US", lat=lat, lon=lon)
        if attendance != "in-person":
            online = Online(url=f"https://example.org/join/{i}",
                            notes=rng.choice(("", "Passcode from the secretary")))
        if attendance == "online":
            zone = rng.choice(ONLINE_ZONES)
        resources.append(Resource(
            id=f"group-{i:03d}", name=f"{rng.choice(('Hope', 'Serenity', 'Freedom', 'Sunrise'))}"
            f" {rng.choice(('Group', 'Circle', 'Meeting'))} {i}",
            kind="meeting", program=program, attendance=attendance,
            status=rng.choices(("active", "temporarily-closed", "inactive"), (88, 8, 4))[0],
            schedule=_slots(rng), timezone=zone, location=location, online=online,
            tags=tuple(sorted(rng.sample(TAG_POOL, k=rng.choice((0, 1, 2, 3))))),
            description=rng.choice(("", "Coffee at six.", "Literature and discussion.")),
            verified=date(2026, 10, 1)))
    # Cases the random part may miss, each made certain.
    r = resources
    r[0].name = "Último Trago"  # accents: "ultimo" must find it
    r[0].status = "active"
    r[1].description = "Bring a zebra-striped mug."  # a word only in the notes
    r[1].status = "active"
    assert r[1].location is not None
    r[1].location.lat, r[1].location.lon = 39.75, -89.7  # about 3.5 miles from 62701
    r[2].attendance, r[2].location, r[2].timezone = "online", None, "America/Los_Angeles"
    r[2].online = Online(url="https://example.org/join/la")
    r[2].status = "active"
    r[2].schedule = (ScheduleSlot(days=("tue",), start=time(22), end=time(23)),)
    r.append(Resource(
        id="peer-coaching", name="Peer Recovery Coaching", kind="coaching", program="other",
        attendance="in-person", timezone="America/Chicago", verified=date(2026, 10, 1),
        location=Location(place="Recovery Community Center", address="9 Oak St",
                          city="Springfield", region="IL", postal_code="62702", country="US",
                          lat=39.81234, lon=-89.65432)))
    mo = _point(rng, SPRINGFIELD_MO, 3)
    r.append(Resource(
        id="springfield-mo-group", name="Ozarks Group", kind="meeting", program="aa",
        attendance="in-person", timezone="America/Chicago", verified=date(2026, 10, 1),
        schedule=(ScheduleSlot(days=("mon",), start=time(19), end=time(20)),),
        location=Location(place="Ozarks Hall", address="1 Park Ave", city="Springfield",
                          region="MO", postal_code="65806", country="US",
                          lat=mo[0], lon=mo[1])))
    r.append(Resource(
        id="toronto-group", name="Queen Street Group", kind="meeting", program="aa",
        attendance="in-person", timezone="America/Toronto", verified=date(2026, 10, 1),
        schedule=(ScheduleSlot(days=("wed",), start=time(19), end=time(20)),),
        location=Location(place="St. Lawrence Hall", address="157 King St E", city="Toronto",
                          region="ON", postal_code="M5C 1G9", country="CA",
                          lat=43.64999, lon=-79.37222)))
    # Fortnightly at the tests' Tuesday 18:40: one meets that week (7 pm, starting within
    # the hour), one meets the week after; an online one in London whose Wednesday 00:30
    # is Tuesday 6:30 pm in Chicago (its date is a day after the viewer's), and its twin.
    for ident, anchor, zone, day, start in (
            ("fortnight-this-week", date(2026, 11, 3), "America/Chicago", "tue", time(19)),
            ("fortnight-next-week", date(2024, 1, 9), "America/Chicago", "tue", time(19)),
            ("fortnight-london-this-week", date(2026, 11, 18), "Europe/London", "wed",
             time(0, 30)),
            ("fortnight-london-next-week", date(2027, 2, 3), "Europe/London", "wed",
             time(0, 30))):
        online_entry = zone != "America/Chicago"
        r.append(Resource(
            id=ident, name=f"Every Other {ident.split('-')[1].title()} Group", kind="meeting",
            program="aa", attendance="online" if online_entry else "in-person",
            timezone=zone, verified=date(2026, 10, 1),
            schedule=(ScheduleSlot(days=(day,), start=start, end=time(start.hour + 1, start.minute),
                                   every="2 weeks", from_=anchor),),
            online=Online(url=f"https://example.org/join/{ident}") if online_entry else None,
            location=None if online_entry else Location(
                place="Grace Church Hall", address="2 Elm St", city="Springfield", region="IL",
                postal_code="62701", country="US", lat=39.801 + len(r) / 1e4, lon=-89.648)))
    return Dataset(path="finder-test.yaml", resources=resources,
                   defaults=Defaults(timezone="America/Chicago", country="US"))


# --------------------------------------------------------------------------- reference


@dataclass
class View:
    """A /find/ view, as its URL parameters say."""

    origin: tuple[float, float] | None = None
    radius: float = 10
    day: str = ""  # "" today, "any", or mon..sun
    time: str = ""
    program: str = ""
    attendance: str = ""
    tags: tuple[str, ...] = ()
    q: str = ""
    now: bool = False
    closed: bool = False
    extra: dict[str, str] = field(default_factory=dict)


def miles(a: tuple[float, float], b: tuple[float, float]) -> float:
    return great_circle(a, b).miles


def _offset(zone: str, at: datetime) -> int:
    delta = at.astimezone(ZoneInfo(zone)).utcoffset()
    assert delta is not None
    return int(delta.total_seconds() // 60)


def _band(minute: int) -> str:
    m = minute + 1440 if minute < vocab.TIME_BANDS["morning"][0] else minute
    return next(b for b, (lo, hi) in vocab.TIME_BANDS.items() if lo <= m < hi)


def _sunday_index(d: str) -> int:
    return vocab.DAYS.index(d)


def _occurrences(r: Resource, shift: int) -> list[tuple[ScheduleSlot, int, int, int]]:
    """(slot, day from Sunday, start minute, days moved) of every weekly occurrence, moved
    by `shift` minutes."""
    out = []
    for slot in r.schedule:
        start = slot.start.hour * 60 + slot.start.minute + shift
        carry, minute = divmod(start, 1440)
        out += [(slot, (_sunday_index(d) + carry) % 7, minute, carry) for d in slot.days]
    return out


def _same_fortnight(anchor: date, d: date) -> bool:
    """Whether d is an even number of Monday-to-Sunday weeks from `anchor`."""
    mondays = (d - timedelta(days=d.weekday())) - (anchor - timedelta(days=anchor.weekday()))
    return mondays.days // 7 % 2 == 0


def _meets_on(slot: ScheduleSlot, d: date) -> bool:
    """Whether a slot meeting on d's weekday meets on that date: monthly ones in their
    weeks, fortnightly ones with `from:` in its weeks, the rest always."""
    if slot.every == "month":
        next_month = date(d.year + d.month // 12, d.month % 12 + 1, 1)
        return _in_weeks(slot.weeks, d.day, (next_month - date(d.year, d.month, 1)).days)
    if slot.every == "2 weeks" and slot.from_ is not None:
        return _same_fortnight(slot.from_, d)
    return True


def _in_weeks(weeks: tuple[int, ...], dom: int, dim: int) -> bool:
    if dom < 1 or dom > dim:
        return True
    nth = math.ceil(dom / 7)
    return (nth <= 4 and nth in weeks) or (-1 in weeks and dom + 7 > dim)


def _is_now(r: Resource, at: datetime) -> bool:
    local = at.astimezone(ZoneInfo(r.timezone))
    dow = (local.weekday() + 1) % 7
    now_w = dow * 1440 + local.hour * 60 + local.minute
    next_month = date(local.year + local.month // 12, local.month % 12 + 1, 1)
    dim = (next_month - date(local.year, local.month, 1)).days
    for slot in r.schedule:
        start = slot.start.hour * 60 + slot.start.minute
        length = 60
        if slot.end is not None:
            length = (slot.end.hour * 60 + slot.end.minute - start) % 1440 or 60
        for d in slot.days:
            w = _sunday_index(d) * 1440 + start
            ahead, since = (w - now_w) % 10080, (now_w - w) % 10080
            if not (ahead <= 60 or since < length):
                continue
            minute = local.hour * 60 + local.minute
            offset = (minute + ahead) // 1440 if ahead <= 60 else -((since - minute + 1439) // 1440)
            if slot.every == "month" and not _in_weeks(slot.weeks, local.day + offset, dim):
                continue
            if (slot.every == "2 weeks" and slot.from_ is not None
                    and not _same_fortnight(slot.from_, local.date() + timedelta(days=offset))):
                continue
            return True
    return False


def haystack(r: Resource) -> str:
    loc = r.location
    parts = [r.name]
    if loc:
        parts += [loc.place, f"{loc.city}, {loc.region}" + (f", {loc.country}" if loc.country
                                                             not in ("", "US") else ""),
                  loc.address, loc.directions]
    parts.append(r.description)
    if r.online:
        parts.append(r.online.notes)
    return _fold(" ".join(p for p in parts if p))


def expected(resources: list[Resource], view: View, *, viewer_zone: str,
             at: datetime) -> tuple[list[tuple[str, float | None]], set[str]]:
    """(near, online): near as (id, miles) in distance order when a place is set (else in
    any order with None), online as a set of ids; each as the page must list them."""
    viewer = _offset(viewer_zone, at)
    today = (at.astimezone(ZoneInfo(viewer_zone)).weekday() + 1) % 7
    # With no day chosen the view is today's date: monthly and fortnightly groups that do
    # not meet on it are left out (a chosen day is that weekday in any week).
    dated = at.astimezone(ZoneInfo(viewer_zone)).date() if not (view.day or view.now) else None
    day = -1 if view.now or view.day == "any" else (
        _sunday_index(view.day) if view.day else today)
    band = "" if view.now else view.time
    terms = _fold(view.q).split()
    near: list[tuple[str, float | None]] = []
    online: set[str] = set()
    for r in resources:
        if r.status == "inactive" or (r.status == "temporarily-closed" and not view.closed):
            continue
        if view.program and r.program != view.program:
            continue
        if view.attendance == "hybrid" and r.attendance != "hybrid":
            continue
        if not set(view.tags) <= set(r.tags):
            continue
        if r.schedule:
            shift = viewer - _offset(r.timezone, at) if r.attendance == "online" else 0
            if not any((day < 0 or d == day) and (not band or _band(m) == band)
                       and (dated is None or _meets_on(slot, dated - timedelta(days=carry)))
                       for slot, d, m, carry in _occurrences(r, shift)):
                continue
            if view.now and not _is_now(r, at):
                continue
        elif view.now:
            continue
        if terms and not all(t in haystack(r) for t in terms):
            continue
        if r.attendance == "online" or (view.attendance == "online" and r.attendance == "hybrid"):
            if view.attendance in ("", "online"):
                online.add(r.id)
            continue
        if view.attendance == "online":
            continue
        if view.origin is None:
            near.append((r.id, None))
            continue
        loc = r.location
        if loc is None or loc.lat is None or loc.lon is None:
            continue
        distance = miles(view.origin, (loc.lat, loc.lon))
        if distance <= view.radius:
            near.append((r.id, distance))
    if view.origin is not None:
        near.sort(key=lambda pair: pair[1] or 0.0)
    return near, online


def test_the_dataset_covers_every_case() -> None:
    rs = finder_dataset().resources
    assert {r.attendance for r in rs} == {"in-person", "hybrid", "online"}
    assert {r.status for r in rs} == {"active", "temporarily-closed", "inactive"}
    assert {r.timezone for r in rs if r.attendance == "online"} >= set(ONLINE_ZONES)
    assert any(not r.schedule for r in rs)
    slots = [s for r in rs for s in r.schedule]
    assert {s.every for s in slots} == {"week", "2 weeks", "month"}
    fortnights = [s for s in slots if s.every == "2 weeks"]
    assert any(s.from_ is None for s in fortnights)
    anchored = [s.from_ for s in fortnights if s.from_ is not None]
    assert {_same_fortnight(a, TEST_WEEK) for a in anchored} == {True, False}
    assert min(anchored) < TEST_WEEK - timedelta(weeks=4) < TEST_WEEK + timedelta(weeks=4) < max(anchored)
    assert any(s.end is not None and s.end < s.start for s in slots)  # past midnight
    tags = {t for r in rs for t in r.tags}
    assert {"ukrainian", "digital-basket"} <= tags
    assert max(list(vocab.TAGS).index(t) for t in tags) >= 64  # a third 32-bit word


def test_reference_filters_narrow() -> None:
    rs = finder_dataset().resources
    at = datetime(2026, 11, 17, 18, 40, tzinfo=ZoneInfo("America/Chicago"))  # a Tuesday
    base_near, base_online = expected(rs, View(origin=HOME, radius=25, day="any"),
                                      viewer_zone="America/Chicago", at=at)
    assert len(base_near) > 50 and len(base_online) > 10
    distances = [d for _, d in base_near]
    assert distances == sorted(distances) and max(d or 0 for d in distances) <= 25
    for view in (View(origin=HOME, radius=25, day="tue"), View(origin=HOME, radius=5, day="any"),
                 View(origin=HOME, radius=25, day="any", program="na"),
                 View(origin=HOME, radius=25, day="any", tags=("women",)),
                 View(origin=HOME, radius=25, now=True)):
        near, online = expected(rs, view, viewer_zone="America/Chicago", at=at)
        assert 0 < len(near) < len(base_near), view
        assert {i for i, _ in near} <= {i for i, _ in base_near}
        assert online <= base_online


def test_reference_knows_which_week_a_fortnight_meets() -> None:
    """At the browser tests' clock (Tuesday 17 November 2026, 6:40 pm in Chicago) the
    fortnightly groups of that week are on today and starting now, their twins of the
    other week only on a chosen Tuesday (or Wednesday, London time)."""
    rs = finder_dataset().resources
    at = datetime(2026, 11, 17, 18, 40, tzinfo=ZoneInfo("America/Chicago"))
    this = {"fortnight-this-week", "fortnight-london-this-week"}
    other = {"fortnight-next-week", "fortnight-london-next-week"}

    def listed(view: View) -> set[str]:
        near, online = expected(rs, view, viewer_zone="America/Chicago", at=at)
        return ({i for i, _ in near} | online) & (this | other)

    assert listed(View()) == this  # today
    assert listed(View(now=True)) == this
    assert listed(View(day="tue")) == this | other
    assert listed(View(day="any")) == this | other
    week_later = datetime(2026, 11, 24, 18, 40, tzinfo=ZoneInfo("America/Chicago"))
    near, online = expected(rs, View(now=True), viewer_zone="America/Chicago", at=week_later)
    assert ({i for i, _ in near} | online) & (this | other) == other
