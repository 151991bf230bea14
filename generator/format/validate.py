"""Checks beyond shape: what a careful volunteer would catch by reading every entry.

`check(path)` is the one call the CLI, the MkDocs plugin and the tests make: load the
file strictly, then run every rule here, collecting all problems in one Report.
"""

from __future__ import annotations

import os
import re
import unicodedata
import zoneinfo
from datetime import date, timedelta
from functools import lru_cache
from typing import Protocol

from generator.format.diagnostics import DataError, Report
from generator.format.links import url_problems
from generator.format.loader import load
from generator.format.model import Dataset, Resource, ScheduleSlot
from generator.format.schedule import fortnight_week
from generator.format.validate_extras import check_extras
from generator.format.vocab import DAY_NAMES, DAYS, WEEKDAY_INDEX

DEFAULT_STALE_DAYS = 365
STALE = "stale"  # the code of "not verified recently" warnings
PHONE = re.compile(r"^[0-9A-Za-z +().,/#*-]+$")
# A loose shape, not RFC 5322. The local part may hold an apostrophe (o'brien@...; RFC
# 5322 allows it and Irish names need it): the address is escaped wherever it lands and
# percent-encoded in mailto: links. Domains have none.
EMAIL = re.compile(r"^[^@\s<>\"]+@[^@\s<>\"']+\.[^@\s<>\"']+$")
HTML_TAG = re.compile(r"<\s*[a-zA-Z/!]")
URL_FIELDS = (("online", "url"), ("contact", "website"))


def check(path: str | os.PathLike[str], *, today: date | None = None,
          stale_days: int = DEFAULT_STALE_DAYS, text: str | None = None) -> tuple[Dataset, Report]:
    dataset, report = load(path, text)
    validate(dataset, report, today=today, stale_days=stale_days)
    return dataset, report


def load_valid(path: str | os.PathLike[str], **kw: object) -> Dataset:
    """The dataset when it has no errors; raises DataError listing every problem otherwise."""
    dataset, report = check(path, **kw)  # type: ignore[arg-type]
    if report.errors:
        raise DataError(report.sorted())
    return dataset


def validate(dataset: Dataset, report: Report, *, today: date | None = None,
             stale_days: int = DEFAULT_STALE_DAYS) -> None:
    today = today or date.today()
    zones = _zones()
    for r in dataset.resources:
        _check_resource(r, report, zones, today, stale_days)
    _check_ids(dataset, report)
    _check_duplicates(dataset, report)
    _check_town_spellings(dataset, report)
    from generator.geo.checks import check_coordinates
    from generator.sync.sources import check_sources

    check_sources(dataset, report)

    check_coordinates(dataset, report)


@lru_cache(maxsize=1)
def _zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def _check_resource(r: Resource, report: Report, zones: frozenset[str], today: date,
                    stale_days: int) -> None:
    def err(path: str, message: str, hint: str = "") -> None:
        report.error(*r.pos(path), f"{r.id}: {message}", hint)

    def warn(path: str, message: str, hint: str = "") -> None:
        report.warning(*r.pos(path), f"{r.id}: {message}", hint)

    if r.timezone and r.timezone not in zones:
        err("timezone", f"unknown time zone `{r.timezone}`",
            "use an IANA zone name such as America/Chicago or America/New_York")
    if r.schedule and not r.timezone:
        err("schedule", "a schedule needs a time zone",
            "add `timezone: America/Chicago` (or set it once under `defaults:`)")
    if r.kind == "meeting" and not r.schedule and "schedule" not in r.positions:
        err("kind", "a meeting needs a schedule",
            "add `schedule:` with days and start time, or use kind: community/directory")

    for i, slot in enumerate(r.schedule):
        _check_slot(slot, f"schedule.{i}", today, err, warn)

    _check_location(r, err)
    _check_online(r, err)
    _check_links(r, err, warn)
    _check_text(r, warn)
    _check_translations(r, err)
    check_extras(r, err, warn)
    _check_verified(r, report, today, stale_days, err)


def _check_slot(slot: ScheduleSlot, at: str, today: date, err: _Say, warn: _Say) -> None:
    if slot.end is not None and slot.end == slot.start:
        err(f"{at}.end", "end time equals start time",
            "remove `end:` or give the real end time")
    if slot.every == "month" and not slot.weeks:
        err(f"{at}.every", "a monthly meeting needs `weeks:`",
            "add e.g. `weeks: [1, 3]` for the 1st and 3rd week, or [-1] for the last")
    if slot.weeks and slot.every != "month":
        err(f"{at}.weeks", "`weeks:` only applies with `every: month`",
            "add `every: month` or remove `weeks:`")
    for j, week in enumerate(slot.weeks):
        if week not in (1, 2, 3, 4, -1):
            err(f"{at}.weeks.{j}", f"week {week} is not 1, 2, 3, 4 or -1 (last)")
    if len(set(slot.days)) != len(slot.days):
        err(f"{at}.days", "a day is listed twice", "list each day once")
    _check_fortnight(slot, at, today, err, warn)


def _check_verified(r: Resource, report: Report, today: date, stale_days: int,
                    err: _Say) -> None:
    if r.verified is None:
        return
    if r.verified > today:
        err("verified", f"verified date {r.verified} is in the future",
            "use the date a person last confirmed the details")
    elif r.verified < today - timedelta(days=stale_days):
        report.warning(*r.pos("verified"),
                       f"{r.id}: last verified {r.verified}, over {stale_days} days ago",
                       "confirm the details with the group and update `verified:`",
                       code=STALE)


def _check_fortnight(slot: ScheduleSlot, at: str, today: date, err: _Say, warn: _Say) -> None:
    """`from:` fixes which weeks an `every: 2 weeks` slot meets (schedule.in_fortnight).
    It means nothing for other slots: read as a start date it would promise what the
    site does not do (hide the group until then), so it is refused there."""
    days = [d for d in DAYS if d in slot.days]
    if not days:
        return
    names = " or ".join(DAY_NAMES[d] for d in days)
    if slot.from_ is not None:
        if slot.every != "2 weeks":
            err(f"{at}.from", "`from:` only applies with `every: 2 weeks`",
                "remove `from:`, or add `every: 2 weeks` if the group meets every other week")
        elif slot.from_.weekday() not in {WEEKDAY_INDEX[d] for d in days}:
            # The meeting day of the same Monday-to-Sunday week keeps the week meant.
            monday = slot.from_ - timedelta(days=slot.from_.weekday())
            fix = monday + timedelta(days=WEEKDAY_INDEX[days[0]])
            err(f"{at}.from", f"`from: {slot.from_}` is a {slot.from_:%A}, but the slot "
                f"meets on {names}",
                f"write the date of a meeting, e.g. `from: {fix}` ({_day(fix)})")
    elif slot.every == "2 weeks":
        first = next(today + timedelta(days=k) for k in range(7)
                     if (today + timedelta(days=k)).weekday() == WEEKDAY_INDEX[days[0]])
        second = first + timedelta(days=7)
        warn(f"{at}.every", f"meets every 2 weeks, but which weeks is unknown: calendars "
             f"and the finder cannot tell people which {DAY_NAMES[days[0]]} to come",
             f"add `from:` with the date of one meeting under `every:`, e.g. `from: {first}` "
             f"if the group meets on {_day(first)}, else `from: {second}`")


def _day(d: date) -> str:
    return f"{d:%A} {d.day} {d:%B %Y}"


def _check_location(r: Resource, err: _Say) -> None:
    loc = r.location
    if r.is_in_person:
        if loc is None:
            err("attendance", f"{r.attendance} entries need a `location:`",
                "add location with address, city and postal_code")
        elif not loc.address or not (loc.city or loc.postal_code):
            err("location", "the location needs a street address and a city or postal code",
                "add `address:` and `city:` or `postal_code:`")
    if loc is None:
        return
    if (loc.lat is None) != (loc.lon is None):
        err("location.lat" if loc.lat is not None else "location.lon",
            "give both lat and lon, or neither", "run `python -m generator geocode` to fill them")
    if loc.lat is not None and not -90 <= loc.lat <= 90:
        swapped = loc.lon is not None and -90 <= loc.lon <= 90
        err("location.lat", f"latitude {loc.lat} is outside -90..90",
            "lat and lon look swapped" if swapped else "check the number")
    if loc.lon is not None and not -180 <= loc.lon <= 180:
        err("location.lon", f"longitude {loc.lon} is outside -180..180", "check the number")


def _check_online(r: Resource, err: _Say) -> None:
    if not r.is_online:
        return
    if r.online is None or not (r.online.url or r.online.phone):
        err("online" if r.online else "attendance",
            f"{r.attendance} entries need a way to join: `online:` with `url:` or `phone:`",
            "add `online: {url: https://...}` or a dial-in `phone:`")


# Invisible format characters (soft hyphen, zero-width, direction marks and controls, BOM):
# in a link, a phone number or an email address they hide or reorder what is really there.
INVISIBLE = re.compile("[\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")


def _check_links(r: Resource, err: _Say, warn: _Say) -> None:
    for section, name in (*URL_FIELDS, ("online", "phone"), ("contact", "phone"),
                          ("contact", "email")):
        value = _value(r, section, name)
        if value and (m := INVISIBLE.search(value)):
            err(f"{section}.{name}", f"`{section}.{name}` has an invisible character "
                f"(U+{ord(m.group()):04X}) hidden in it", "retype it by hand; invisible "
                "characters can make a link or number look like another")
    for section, name in URL_FIELDS:
        if url := _value(r, section, name):
            _check_url(url, f"{section}.{name}", err, warn)
    for section in ("online", "contact"):
        phone = _value(r, section, "phone")
        if phone and (not PHONE.match(phone) or sum(c.isdigit() for c in phone) < 3):
            err(f"{section}.phone", f"`{phone[:40]}` does not look like a phone number",
                'write it like "+1 555 010 0100" or "988"')
    if r.contact and r.contact.email and not EMAIL.match(r.contact.email):
        err("contact.email", f"`{r.contact.email[:60]}` is not an email address",
            "write it like name@example.org")


def _value(r: Resource, section: str, name: str) -> str:
    """One text value of a block (online, contact...), "" when the block is absent."""
    obj = getattr(r, section)
    return getattr(obj, name, "") if obj else ""


def _check_url(url: str, path: str, err: _Say, warn: _Say) -> None:
    for severity, message, hint in url_problems(url):
        (err if severity == "error" else warn)(path, f"`{path}`: {message}", hint)
    scheme = url.split(":", 1)[0].lower() if ":" in url else ""
    if scheme == "http":
        err(path, "links must use https", "change `http://` to `https://`")
    elif scheme != "https" or not url.lower().startswith("https://") or " " in url:
        err(path, f"`{url[:60]}` is not an https link",
            "write the full address starting with https://")


def _check_text(r: Resource, warn: _Say) -> None:
    for path, value in (("name", r.name), ("description", r.description)):
        if HTML_TAG.search(value):
            warn(path, "HTML is shown as plain text on the site",
                 "remove the tags; write plain text")


LANG_CODE = re.compile(r"^[a-z]{2,3}$")


def _check_translations(r: Resource, err: _Say) -> None:
    """One item per language other than English, the data's own."""
    seen: set[str] = set()
    for i, tr in enumerate(r.translations):
        at = f"translations.{i}.lang"
        if not LANG_CODE.match(tr.lang) or tr.lang == "en":
            err(at, f"`{tr.lang}` is not a language code other than en",
                "use a code of the site's `languages`, such as es")
        elif tr.lang in seen:
            err(at, f"a second translation into `{tr.lang}`", "merge them into one item")
        seen.add(tr.lang)
        if not (tr.description or tr.directions or tr.online_notes):
            err(at, "a translation with no text",
                "add description, directions or online_notes, or remove the item")


def _check_ids(dataset: Dataset, report: Report) -> None:
    owner: dict[str, Resource] = {}
    for r in dataset.resources:
        for path, ident in [("id", r.id)] + [(f"aliases.{i}", a) for i, a in enumerate(r.aliases)]:
            first = owner.get(ident)
            if first is None:
                owner[ident] = r
            elif first is not r or path != "id":
                report.error(*r.pos(path), f"id `{ident}` is already used on line {first.line}",
                             "ids and aliases must be unique; choose another id")


def _check_duplicates(dataset: Dataset, report: Report) -> None:
    # Two groups may share a room on alternate weeks: a fortnightly slot with `from:`
    # holds only the weeks of its parity (`halves`); any other slot holds every week.
    seen: dict[tuple[str, str, str, str], Resource] = {}
    halves: dict[tuple[tuple[str, str, str, str], int], Resource] = {}
    for r in dataset.resources:
        if not r.location or not r.is_in_person:  # an online meeting's town is no room
            continue
        place = re.sub(r"\W+", " ", (r.location.address or r.location.place).lower()).strip()
        town = (r.location.city or r.location.postal_code).lower()
        for slot in r.schedule:
            half = (fortnight_week(slot.from_) % 2
                    if slot.every == "2 weeks" and slot.from_ is not None else None)
            for day in slot.days:
                key = (r.program, day, slot.start.isoformat(), f"{place}|{town}")
                if half is not None:
                    first = seen.get(key) or halves.setdefault((key, half), r)
                else:
                    first = seen.setdefault(key, r)
                    if first is r and halves:  # halves is empty in most files
                        first = halves.get((key, 0)) or halves.get((key, 1)) or r
                if first is not r:
                    report.warning(*r.pos("schedule"),
                                   f"{r.id}: looks like a duplicate of `{first.id}` "
                                   f"(line {first.line}): same program, day, time and place",
                                   "merge the two entries if they are the same group")


def _check_town_spellings(dataset: Dataset, report: Report) -> None:
    """Towns whose names differ only in case or symbols get separate pages (so no entry
    can title another's town page); a minority spelling is most likely a slip."""
    spellings: dict[tuple[str, str, str], dict[str, list[Resource]]] = {}
    for r in dataset.resources:
        loc = r.location
        if loc is None or not loc.city or not r.is_in_person:
            continue
        folded = _FOLD.sub("", unicodedata.normalize("NFKC", loc.city).casefold())
        key = (loc.country.upper(), loc.region.casefold(), folded)
        name = " ".join(loc.city.split())
        spellings.setdefault(key, {}).setdefault(name, []).append(r)
    for names in spellings.values():
        if len(names) < 2:
            continue
        usual = min(names, key=lambda n: (-len(names[n]), n))
        for name, entries in names.items():
            if name == usual:
                continue
            n = len(names[usual])
            for r in entries:
                report.warning(*r.pos("location.city"),
                               f"{r.id}: town `{name}` is spelled `{usual}` by {n} other "
                               f"entr{'y' if n == 1 else 'ies'}, which are listed on "
                               "another town page", f"write `city: {usual}` if it is the "
                               "same town")


_FOLD = re.compile(r"[\W_]+")


class _Say(Protocol):  # the shape of the err/warn closures
    def __call__(self, path: str, message: str, hint: str = "") -> None: ...


def stale(dataset: Dataset, *, today: date | None = None,
          days: int = DEFAULT_STALE_DAYS) -> list[Resource]:
    """Entries never verified or not verified within `days`, oldest first."""
    cutoff = (today or date.today()) - timedelta(days=days)
    old = [r for r in dataset.resources
           if r.status != "inactive" and (r.verified is None or r.verified < cutoff)]
    return sorted(old, key=lambda r: (r.verified or date.min, r.id))
