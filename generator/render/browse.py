"""Lists of resources grouped by day and sorted by start time: the body of every browse
page (a town, a program, online groups). Plain HTML, so they work without JavaScript."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from generator.format import schedule
from generator.format.model import Resource, ScheduleSlot
from generator.format.vocab import ATTENDANCE, DAY_NAMES, DAYS, KINDS, PROGRAMS
from generator.i18n import ENGLISH, Translator

from .html import esc


@dataclass(frozen=True, slots=True)
class ListStyle:
    """What a row says besides time and name, which depends on the page it is on."""

    show_town: bool = True  # a town page already says the town
    show_program: bool = True  # a program page already says the program
    show_zone: bool = False  # online lists: each meeting's own zone next to its time
    t: Translator = ENGLISH  # the page's language


def _row_detail(r: Resource, style: ListStyle) -> str:
    parts = []
    if style.show_program and r.program != "other":
        program = PROGRAMS.get(r.program)
        parts.append(program.short if program else r.program)
    if r.location and r.is_in_person:
        where = r.location.place
        if style.show_town and r.location.city:
            where = f"{where}, {r.location.city}" if where else r.location.city
        if where:
            parts.append(where)
    t = style.t
    if r.attendance != "in-person":
        label = ATTENDANCE.get(r.attendance)
        parts.append(t.gettext(label) if label else r.attendance)
    if r.status == "temporarily-closed":
        parts.append(t.gettext("temporarily closed"))
    return " · ".join(parts)


def _when(slot: ScheduleSlot, r: Resource, style: ListStyle) -> str:
    text = schedule.time_range(slot.start, slot.end, style.t)
    if style.show_zone:
        text = f"{text} {schedule.zone_label(r.timezone, style.t)}".rstrip()
    if slot.every != "week":
        phrase = schedule.days_phrase(slot, style.t)
        text = f"{text} ({phrase[0].lower()}{phrase[1:]})"
    return text


def _row(r: Resource, root: str, when: str, detail: str) -> str:
    closed = ' class="dir-closed"' if r.status == "temporarily-closed" else ""
    time_html = f'<span class="dir-time">{esc(when)}</span> ' if when else ""
    return (f"<li{closed}>{time_html}<a href=\"{root}r/{esc(r.id)}/\">{esc(r.name)}</a>"
            f' <span class="dir-detail">{esc(detail)}</span></li>')


def listed(resources: Iterable[Resource]) -> list[Resource]:
    """Browse pages leave out groups that no longer meet; their own pages stay up."""
    return [r for r in resources if r.status != "inactive"]


def by_day(resources: Iterable[Resource], root: str, style: ListStyle = ListStyle(),
           *, heading_level: int = 2) -> str:
    """Sections Sunday..Saturday, each sorted by start time, then everything without a
    schedule (helplines, communities...) by name. `root` is the relative path to the site
    root from the page ("../../")."""
    t = style.t
    rows: list[tuple[int, int, str, str]] = []
    anytime: list[tuple[str, str]] = []
    for r in listed(resources):
        detail = _row_detail(r, style)
        if not r.schedule:
            kind = t.gettext(KINDS[r.kind]) if r.kind in KINDS else r.kind
            anytime.append((r.name.lower(), _row(r, root, "", f"{kind} · {detail}")))
            continue
        for slot in r.schedule:
            when = _when(slot, r, style)
            at = schedule.minutes(slot.start)
            if style.show_zone:  # mixed zones: order by the instant, not the wall clock
                at -= schedule.standard_offset(r.timezone)
            for day in slot.days:
                rows.append((schedule.day_index(day), at,
                             r.name.lower(), _row(r, root, when, detail)))
    rows.sort()
    h = f"h{heading_level}"
    groups: dict[int, list[str]] = {}
    for index, _, _, html in rows:
        groups.setdefault(index, []).append(html)
    out = []
    for index, day in enumerate(DAYS):
        if items := groups.get(index):
            out.append(f'<section class="dir-day" aria-labelledby="day-{day}">'
                       f'<{h} id="day-{day}">{_capital(t.gettext(DAY_NAMES[day]))}</{h}>'
                       f'<ul class="dir-list">{"".join(items)}</ul></section>')
    if anytime:
        anytime.sort()
        heading = t.gettext("Any day: services and communities")
        out.append('<section class="dir-day" aria-labelledby="day-any">'
                   f'<{h} id="day-any">{heading}</{h}>'
                   f'<ul class="dir-list">{"".join(html for _, html in anytime)}</ul></section>')
    if not out:
        return ('<p class="dir-empty">' + t.gettext("Nothing listed here at the moment.")
                + "</p>")
    return _day_links(groups, bool(anytime), len(rows) + len(anytime), t) + "".join(out)


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


JUMP_FROM = 10  # rows from which a page is long enough to need day links


def _day_links(groups: dict[int, list[str]], anytime: bool, rows: int,
               t: Translator = ENGLISH) -> str:
    """Links to each day's section at the top of a long list: on a phone, Saturday is
    otherwise many screens down, and browse pages must work without JavaScript."""
    if rows < JUMP_FROM or len(groups) + anytime < 2:
        return ""
    items = [f'<li><a href="#day-{day}">{_capital(t.gettext(DAY_NAMES[day]))[:3]}</a></li>'
             for index, day in enumerate(DAYS) if index in groups]
    if anytime:
        items.append('<li><a href="#day-any">' + t.gettext("Any day") + "</a></li>")
    label = t.gettext("Jump to a day")
    return (f'<nav class="dir-days" aria-label="{label}">'
            f'<ul>{"".join(items)}</ul></nav>')
