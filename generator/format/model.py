"""The data format: the typed objects the pipeline passes along, and `FIELDS`.

`FIELDS` (the tables at the end: `FILE` and the blocks under it) is the single
description of `resources.yaml`: names, shapes, choices, help text, and the dataclass
each block becomes. The loader reads and builds objects by walking it (entries.py), the
writer writes them back by walking it (yaml_writer.py), `schema.py` turns it into JSON
Schema and the docs list it; tests/test_fields_consistency.py fails when one of them
disagrees. Adding a key means adding its `Field` here and its attribute to the dataclass.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, time

from generator.format import vocab
from generator.format.fieldspec import Field, enum_field
from generator.format.positions import Position

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
TIME_PATTERN = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")

# --------------------------------------------------------------------------- objects


@dataclass(slots=True)
class ScheduleSlot:
    days: tuple[str, ...]
    start: time
    end: time | None = None
    every: str = "week"
    weeks: tuple[int, ...] = ()
    # `from:` in the file (a Python keyword): one date the slot meets, which fixes the
    # phase of `every: 2 weeks`. None when not given.
    from_: date | None = None
    tags: tuple[str, ...] = ()  # this slot's own, added to the entry's
    notes: str = ""


@dataclass(slots=True)
class Location:
    place: str = ""
    address: str = ""
    city: str = ""
    region: str = ""
    postal_code: str = ""
    country: str = ""
    lat: float | None = None
    lon: float | None = None
    approximate: bool = False
    directions: str = ""
    neighborhood: str = ""

    @property
    def has_coordinates(self) -> bool:
        return self.lat is not None and self.lon is not None

    def one_line(self) -> str:
        """The address as one line, for directions links and geocoding."""
        region_zip = " ".join(p for p in (self.region, self.postal_code) if p)
        parts = [self.address, self.city, region_zip, self.country]
        return ", ".join(p for p in parts if p)


@dataclass(slots=True)
class Online:
    url: str = ""
    phone: str = ""
    notes: str = ""


@dataclass(slots=True)
class Contact:
    website: str = ""
    email: str = ""
    phone: str = ""
    feedback: str = ""


@dataclass(slots=True)
class Tradition:
    venmo: str = ""
    paypal: str = ""
    cashapp: str = ""
    square: str = ""

    def links(self) -> list[tuple[str, str, str]]:
        """(service, shown text, https link) for each way to give that is set."""
        out = []
        for service, value, base in (("Venmo", self.venmo, "https://venmo.com/u/"),
                                     ("PayPal", self.paypal, "https://paypal.me/"),
                                     ("Cash App", self.cashapp, "https://cash.app/$"),
                                     ("Square", self.square, "")):
            if not value:
                continue
            if value.startswith("https://"):
                out.append((service, value, value))
            elif base:
                handle = value.lstrip("@$")
                out.append((service, value, base + handle))
        return out


@dataclass(frozen=True, slots=True)
class Translation:
    """A group's own notes in another language (`translations:`)."""

    lang: str
    description: str = ""
    directions: str = ""
    online_notes: str = ""


@dataclass(slots=True)
class Resource:
    id: str
    name: str
    kind: str
    program: str
    attendance: str
    status: str = "active"
    schedule: tuple[ScheduleSlot, ...] = ()
    timezone: str = ""  # effective zone: the entry's own, else the file's default
    location: Location | None = None
    online: Online | None = None
    tags: tuple[str, ...] = ()
    description: str = ""
    contact: Contact | None = None
    verified: date | None = None
    source: str = ""
    source_ids: tuple[str, ...] = ()
    curated: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    tradition: Tradition | None = None
    translations: tuple[Translation, ...] = ()  # its notes in other languages
    line: int = 0  # where the entry starts in the file, for edit links and messages
    # dotted key path ("location.lat", "schedule.0.start") -> position of its value
    positions: Mapping[str, Position] = field(default_factory=dict, repr=False, compare=False)

    def pos(self, path: str) -> Position:
        """Position of a field's value, falling back to its parent, then the entry."""
        while path:
            if path in self.positions:
                return self.positions[path]
            path = path.rpartition(".")[0]
        return (self.line, 1)

    @property
    def all_tags(self) -> tuple[str, ...]:
        """The entry's tags and its slots' own (a group whose Friday meeting is a
        speaker meeting is found by "speaker"), in the entry's order then the slots'."""
        if not any(slot.tags for slot in self.schedule):
            return self.tags
        return tuple(dict.fromkeys((*self.tags, *(t for s in self.schedule for t in s.tags))))

    @property
    def is_in_person(self) -> bool:
        return self.attendance in ("in-person", "hybrid")

    @property
    def is_online(self) -> bool:
        return self.attendance in ("online", "hybrid")

    def text_in(self, lang: str, name: str) -> str:
        """A free-text field ("description", "directions", "online_notes") in `lang` when
        the entry has it translated, else as written."""
        for translation in self.translations:
            if translation.lang == lang and getattr(translation, name):
                return str(getattr(translation, name))
        if name == "directions":
            return self.location.directions if self.location else ""
        if name == "online_notes":
            return self.online.notes if self.online else ""
        return str(getattr(self, name))


@dataclass(slots=True)
class Defaults:
    timezone: str = ""
    country: str = ""
    region: str = ""


@dataclass(slots=True)
class Source:
    """One entry of the file's `sources:` list (see generator/sync/)."""

    name: str
    format: str
    program: str
    url: str = ""
    path: str = ""
    timezone: str = ""
    vanished: str = "report"
    line: int = 0
    # key -> position of its value, for messages about one key
    positions: dict[str, Position] = field(default_factory=dict, repr=False, compare=False)

    def pos(self, key: str) -> Position:
        return self.positions.get(key, (self.line or 1, 1))


@dataclass(slots=True)
class Dataset:
    path: str
    resources: list[Resource]
    defaults: Defaults = field(default_factory=Defaults)
    sources: list[Source] = field(default_factory=list)

    def by_id(self) -> dict[str, Resource]:
        return {r.id: r for r in self.resources}


# --------------------------------------------------------------------------- fields

SCHEDULE_FIELDS = (
    Field("days", "list", "Days of the week the group meets.", required=True,
          items=enum_field("day", vocab.DAYS, "A day: mon, tue, wed, thu, fri, sat or sun.")),
    Field("start", "time", "Start time, 24-hour HH:MM in the group's time zone.", required=True,
          example='"19:00"'),
    Field("end", "time", "End time, 24-hour HH:MM (may be after midnight).", example='"20:00"'),
    enum_field("every", vocab.EVERY, "How often: week (default), 2 weeks, or month."),
    Field("from", "date", "With every: 2 weeks, the date (YYYY-MM-DD) of one meeting, past or "
          "future: the weeks alternate from it, so people know which weeks it meets.",
          example="2026-10-06"),
    Field("weeks", "list", "With every: month, which weeks of the month (1-4, -1 = last).",
          items=Field("week", "integer", "1, 2, 3, 4 or -1 for the last week.")),
    Field("tags", "list", "Attributes of this time slot only, added to the entry's tags "
          "(e.g. the Saturday meeting is a speaker meeting).",
          items=enum_field("tag", tuple(vocab.TAGS), "An attribute.")),
    Field("notes", "text", "Plain text about this time slot only (e.g. \"Big Book study\")."),
)

LOCATION_FIELDS = (
    Field("place", "text", "Name of the building or venue.", example="St. Mark's Church Hall"),
    Field("address", "text", "Street address.", example="123 Main St"),
    Field("city", "text", "Town or city."),
    Field("region", "text", "State, province or region (e.g. IL)."),
    Field("postal_code", "text", "Postal or ZIP code, as text (keeps leading zeros)."),
    Field("country", "text", "ISO country code, e.g. US."),
    Field("lat", "number", "Latitude in decimal degrees (-90..90)."),
    Field("lon", "number", "Longitude in decimal degrees (-180..180)."),
    Field("approximate", "bool", "true when lat/lon is a centroid, not the door."),
    Field("directions", "text", "How to find the room: entrance, parking, floor."),
    Field("neighborhood", "text", "Neighborhood, district or area people know the place by "
          "(e.g. Center City); shown on the page and searchable in the finder."),
)

ONLINE_FIELDS = (
    Field("url", "text", "https link to join (Zoom, Meet, a forum...)."),
    Field("phone", "text", "Phone number to dial in or call."),
    Field("notes", "text", "Passcode hints or how to join."),
)

CONTACT_FIELDS = (
    Field("website", "text", "https link to the group's or program's website."),
    Field("email", "text", "Contact email address."),
    Field("phone", "text", "Contact phone number."),
    Field("feedback", "text", "https link (or email address) for corrections and feedback "
          "about the listing."),
)

TRADITION_FIELDS = (
    Field("venmo", "text", "Venmo username, e.g. @SpringfieldGroup."),
    Field("paypal", "text", "PayPal.Me name or https link."),
    Field("cashapp", "text", "Cash App $cashtag, e.g. $SpringfieldGroup."),
    Field("square", "text", "https link to a Square payment page."),
)

# A group's own words in another language (`translations:`): the site in that language
# shows them in place of the originals, which every other language keeps showing. Names
# are never translated. One item per language, so a third language needs no new field.
TRANSLATION_FIELDS = (
    Field("lang", "text", "The language's code, as in the site's `languages` (e.g. es).",
          required=True, example="es"),
    Field("description", "text", "The description in that language."),
    Field("directions", "text", "location.directions in that language."),
    Field("online_notes", "text", "online.notes in that language."),
)

# What `curated:` may name: a top-level field or one key of location, online or contact.
# Bookkeeping fields (id, source, source_ids, curated, aliases) are never synced.
CURATED_CHOICES: tuple[str, ...] = (
    "name", "kind", "attendance", "status", "schedule", "timezone", "location", "online",
    "tags", "description", "contact", "verified",
    *(f"location.{f.name}" for f in LOCATION_FIELDS),
    *(f"online.{f.name}" for f in ONLINE_FIELDS),
    *(f"contact.{f.name}" for f in CONTACT_FIELDS),
)
SOURCE_FORMATS: tuple[str, ...] = ("meeting-guide", "bmlt")
VANISHED: tuple[str, ...] = ("report", "mark-inactive", "remove")

RESOURCE_FIELDS = (
    Field("id", "id", "Permanent slug ([a-z0-9-]); the page URL /r/<id>/. Never change it; "
          "add the old one to aliases instead.", required=True, example="springfield-tuesday-hope"),
    Field("name", "text", "Name of the group or service.", required=True),
    enum_field("kind", tuple(vocab.KINDS), "What it is.", required=True),
    enum_field("program", tuple(vocab.PROGRAMS), "The fellowship or program.", required=True),
    enum_field("attendance", tuple(vocab.ATTENDANCE), "How people attend.", required=True),
    enum_field("status", tuple(vocab.STATUS), "active (default), temporarily-closed or inactive."),
    Field("schedule", "list", "When it meets; one item per time slot. Meetings only.",
          items=Field("slot", "map", "One recurring time slot.", fields=SCHEDULE_FIELDS,
                      model=ScheduleSlot)),
    Field("timezone", "text", "IANA time zone, e.g. America/Chicago.", example="America/Chicago"),
    Field("location", "map", "Where it meets; required for in-person and hybrid.",
          fields=LOCATION_FIELDS, model=Location),
    Field("online", "map", "How to join online or by phone; required for online and hybrid.",
          fields=ONLINE_FIELDS, model=Online),
    Field("contact", "map", "How to reach the group.", fields=CONTACT_FIELDS, model=Contact),
    Field("tradition", "map", "Where to give online (the 7th Tradition): payment names "
          "or links.", fields=TRADITION_FIELDS, model=Tradition),
    Field("tags", "list", "Attributes from the controlled vocabulary.",
          items=enum_field("tag", tuple(vocab.TAGS), "An attribute.")),
    Field("description", "text", "Plain text (no HTML)."),
    Field("verified", "date", "Last date (YYYY-MM-DD) a person confirmed the details.",
          example="2026-10-01"),
    Field("source", "text", "Where the information came from; for synced entries, the "
          "`name` of one of the file's `sources`."),
    Field("source_ids", "list", "The upstream feed's own ids of the records merged into "
          "this entry (Meeting Guide slug or id, BMLT id_bigint); `sync` matches by them.",
          items=Field("source_id", "text", "One id from the feed.")),
    Field("curated", "list", "Fields a person edited by hand: `sync` leaves them alone.",
          items=enum_field("field", CURATED_CHOICES, "A field name, or block.key.")),
    Field("aliases", "list", "Former ids; the site redirects them here.",
          items=Field("alias", "id", "A former id.")),
    Field("translations", "list", "The group's own notes in other languages, for the "
          "site in that language; names stay as written.",
          items=Field("translation", "map", "One language's text.",
                      fields=TRANSLATION_FIELDS, model=Translation)),
)

DEFAULTS_FIELDS = (
    Field("timezone", "text", "Default IANA time zone."),
    Field("country", "text", "Default country code for locations."),
    Field("region", "text", "Default region for locations."),
)

SOURCE_FIELDS = (
    Field("name", "text", "The source's name; synced entries carry it as `source:`.",
          required=True, example="Springfield Intergroup"),
    enum_field("format", SOURCE_FORMATS, "The feed's format.", required=True),
    Field("url", "text", "https address of the feed (give url or path)."),
    Field("path", "text", "A feed file, relative to this data file (give url or path)."),
    enum_field("program", tuple(vocab.PROGRAMS), "Program of the feed's meetings.", required=True),
    Field("timezone", "text", "IANA zone for meetings the feed gives none."),
    enum_field("vanished", VANISHED, "What sync does with an entry gone from the feed: report "
          "(default; keep it and say so), mark-inactive or remove."),
)

RESOURCE = Field("resource", "map", "One group or service.", fields=RESOURCE_FIELDS,
                 model=Resource)

DEFAULTS = Field("defaults", "map", "Values used when an entry does not set them.",
                 fields=DEFAULTS_FIELDS, model=Defaults)
SOURCE = Field("source", "map", "One upstream feed.", fields=SOURCE_FIELDS, model=Source)

TOP_FIELDS = (
    DEFAULTS,
    Field("sources", "list", "Upstream feeds `sync` re-imports.", items=SOURCE),
    Field("resources", "list", "The directory's entries.", required=True, items=RESOURCE),
)

FILE = Field("file", "map", "A resources.yaml file.", fields=TOP_FIELDS)

# The first line of every data file we write: editors with the YAML language server
# (VS Code, GitHub Codespaces...) then autocomplete and check entries as they are typed.
SCHEMA_FILE = "resources.schema.json"
FIELDS_HEADER = f"# yaml-language-server: $schema=./{SCHEMA_FILE}"
