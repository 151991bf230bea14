"""The page of one resource, /r/<id>/: everything a person needs to go, join or call,
and everything staff need to trust it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from urllib.parse import quote, urlencode

from generator.build.context import SiteContext
from generator.format import dial, schedule
from generator.format.model import Location, Resource, ScheduleSlot
from generator.format.vocab import ATTENDANCE, KINDS, PROGRAMS, STATUS, TAGS
from generator.map.publish import place_map

from ..feeds.calendar import has_calendar
from . import jsonld, places, repo_links
from .html import directions_href, esc, link, mailto, paragraphs, tel_link
from .page import Page

Nearby = Mapping[str, Sequence[tuple[str, float]]]

STATUS_NOTE = {
    "temporarily-closed": "Temporarily closed. Check with the group before you go.",
    "inactive": "The page stays so that links printed on old lists still lead somewhere.",
}


def path(resource_id: str) -> str:
    return f"r/{resource_id}/"


def program_label(r: Resource) -> str:
    program = PROGRAMS.get(r.program)
    return program.label if program else r.program


def summary(r: Resource) -> str:
    """"Alcoholics Anonymous · Meeting · In person", for pages and lists."""
    parts = [program_label(r), KINDS.get(r.kind, r.kind), ATTENDANCE.get(r.attendance, "")]
    return " · ".join(p for p in parts if p)


def town(r: Resource) -> str:
    loc = r.location
    if not loc:
        return ""
    return ", ".join(p for p in (loc.city, loc.region) if p)


def description(r: Resource) -> str:
    """One sentence for <meta name="description"> and link previews."""
    where = town(r) if r.is_in_person else ""
    what = f"{program_label(r)} {KINDS.get(r.kind, r.kind).lower()}"
    text = f"{what} in {where}" if where else f"{what}, {ATTENDANCE.get(r.attendance, '').lower()}"
    when = "; ".join(schedule.describe_all(r.schedule, r.timezone))
    return f"{text}: {when}." if when else f"{text}."


def _section(key: str, heading: str, inner: str) -> str:
    # Not a labelled region: seven landmarks on a short page crowd a screen reader's
    # landmark list, which holds the page's main parts; the headings lead here.
    return (f'<section class="dir-section dir-{key}">'
            f'<h2 id="{key}">{esc(heading)}</h2>{inner}</section>')


def _when(r: Resource, ctx: SiteContext) -> str:
    if not r.schedule:
        return ""
    items = []
    for slot in r.schedule:
        # For localtime.js, which adds the next meeting in the visitor's own zone.
        attrs = (f' data-days="{esc(" ".join(slot.days))}" data-start="{slot.start:%H:%M}"'
                 f' data-zone="{esc(r.timezone)}" data-every="{esc(slot.every)}"')
        if slot.end is not None:
            attrs += f' data-end="{slot.end:%H:%M}"'
        if slot.weeks:
            attrs += f' data-weeks="{" ".join(str(w) for w in slot.weeks)}"'
        # a fortnightly slot names its first date on or after the build date
        words = schedule.describe(slot, r.timezone, today=ctx.build_date)
        items.append(f"<li{attrs}>{esc(words)}{_slot_extras(slot)}</li>")
    calendar = (f'<p class="dir-calendar">'
                f'{link(f"../{r.id}.ics", "Add to my calendar", download="")}</p>'
                if has_calendar(r) else "")  # only when the feeds publish /r/<id>.ics
    return _section("when", "When", f'<ul class="dir-schedule">{"".join(items)}</ul>{calendar}')


def _slot_extras(slot: ScheduleSlot) -> str:
    """What this time slot has that the group's others do not (from an import: the
    Friday meeting is a Big Book meeting)."""
    out = ""
    if slot.tags:
        labels = ", ".join(TAGS[t].label if t in TAGS else t for t in slot.tags)
        out += f' <span class="dir-slot-tags">({esc(labels)})</span>'
    if slot.notes:
        out += f'<br><span class="dir-slot-notes">{esc(slot.notes)}</span>'
    return out


def _where(r: Resource, ctx: SiteContext) -> str:
    loc = r.location
    if not loc or not r.is_in_person:
        return ""
    region_zip = " ".join(p for p in (loc.region, loc.postal_code) if p)
    town_line = ", ".join(p for p in (loc.city, region_zip) if p)
    lines = [esc(x) for x in (loc.place, loc.address, town_line, loc.neighborhood) if x]
    inner = f'<address class="dir-address">{"<br>".join(lines)}</address>'
    if loc.directions:
        inner += f'<p class="dir-how">{esc(loc.directions)}</p>'
    if loc.approximate:
        inner += '<p class="dir-note">The map position is approximate (the town, not the door).</p>'
    if loc.one_line():
        inner += '<p class="dir-go">' + _directions(loc) + "</p>"
    if ctx.map:
        inner += place_map(r)
    town_path = places.town_path(r, ctx.dataset)
    if town_path and r.status != "inactive" and loc.city:
        more = link("../../" + town_path, f"More groups in {loc.city}")
        inner += f'<p class="dir-town-link">{more}</p>'
    return _section("where", "Where", inner)


def _dial_in(phone: str) -> str:
    """A dial-in line people can read and phones can dial in one tap, codes included."""
    d = dial.parse(phone)
    labels = dial.code_labels(d)
    out = "Call in: " + link(dial.tel_uri(phone), dial.display_number(d), class_="dir-dial")
    if labels:
        codes = ", ".join(f"{label} {code}" for label, code in labels)
        out += (f', <span class="dir-codes">{esc(codes)}</span><br>'
                '<span class="dir-note dir-dial-note">'
                "On a phone, one tap dials the number and then the codes.</span>")
    return out


def _directions(loc: Location) -> str:
    """OpenStreetMap for everyone; localtime.js swaps in the phone's own maps app
    (data-geo on Android, data-apple on iPhone and iPad) and says so in the link."""
    address = loc.one_line()
    pin = (f"{loc.lat:.6f},{loc.lon:.6f}" if loc.lat is not None and loc.lon is not None
           and not loc.approximate else "0,0")  # 0,0: "search for the q= text" (RFC 5870)
    geo = f"geo:{pin}?q={quote(address, safe='')}"
    apple = "https://maps.apple.com/?" + urlencode({"daddr": address})
    return link(directions_href(address), "Get directions on OpenStreetMap",
                class_="dir-directions", rel="nofollow noopener", data_geo=geo,
                data_apple=apple)


def _online(r: Resource) -> str:
    online = r.online
    if not online or not (online.url or online.phone or online.notes):
        return ""
    heading = "Join online" if r.is_online else "Online and by phone"
    rows = []
    if online.url:
        rows.append("<li>" + link(online.url, "Join online", rel="nofollow noopener")
                    + f' <span class="dir-url">{esc(online.url)}</span></li>')
    if online.phone:
        rows.append(f"<li>{_dial_in(online.phone)}</li>")
    inner = f'<ul class="dir-join">{"".join(rows)}</ul>' if rows else ""
    if online.notes:
        inner += f'<p class="dir-how">{esc(online.notes)}</p>'
    return _section("join", heading, inner)


def _about(r: Resource) -> str:
    inner = ""
    if r.tags:
        labels = "".join(f"<li>{esc(TAGS[t].label if t in TAGS else t)}</li>" for t in r.tags)
        inner += f'<ul class="dir-tags" aria-label="Attributes">{labels}</ul>'
    if r.description:
        inner += paragraphs(r.description)
    return _section("about", "About", inner) if inner else ""


def _contact(r: Resource) -> str:
    c = r.contact
    rows = []
    if c and c.website:
        rows.append("<li>Website: " + link(c.website, c.website, rel="nofollow noopener") + "</li>")
    if c and c.email:
        rows.append(f"<li>Email: {mailto(c.email)}</li>")
    if c and c.phone:
        rows.append(f"<li>Phone: {tel_link(c.phone)}</li>")
    if c and c.feedback:
        rows.append("<li>" + (link(c.feedback, "Send a correction or feedback",
                                   rel="nofollow noopener")
                              if c.feedback.startswith("https://")
                              else f"Corrections and feedback: {mailto(c.feedback)}") + "</li>")
    # 7th Tradition: the group's own payment names, as links to the payment service
    for service, shown, href in r.tradition.links() if r.tradition else []:
        rows.append(f"<li>7th Tradition ({esc(service)}): "
                    + link(href, shown, rel="nofollow noopener") + "</li>")
    if not rows:
        return ""
    return _section("contact", "Contact", f'<ul>{"".join(rows)}</ul>')


def _blurb(other: Resource) -> tuple[str, str]:
    """Link and one-line detail of a resource listed on another's page."""
    when = "; ".join(schedule.describe(s, other.timezone, with_zone=False)
                     for s in other.schedule)
    detail = " · ".join(p for p in (program_label(other), when, town(other)) if p)
    return link(f"../{other.id}/", other.name), f'<span class="dir-detail">{esc(detail)}</span>'



def _nearby(r: Resource, by_id: Mapping[str, Resource], nearby: Nearby | None,
            blurbs: dict[str, tuple[str, str]]) -> str:
    pairs = nearby.get(r.id, ()) if nearby else ()
    rows = []
    for other_id, miles in pairs:
        other = by_id.get(other_id)
        if other is None:
            continue
        # Each resource is someone's neighbour about k times: describe it once.
        blurb = blurbs.get(other_id)
        if blurb is None:
            blurb = blurbs[other_id] = _blurb(other)
        distance = "same place" if miles < 0.05 else f"{miles:.1f} miles away"
        rows.append(f'<li>{blurb[0]} <span class="dir-distance">({distance})</span>'
                    f"<br>{blurb[1]}</li>")
    if not rows:
        return ""
    return _section("nearby", "Nearby alternatives", f'<ul class="dir-list">{"".join(rows)}</ul>')


def _share(r: Resource, ctx: SiteContext) -> str:
    """The page's QR code (drawn by generator.render.qr next to the page, only when the site's
    address is known) and how to print."""
    handout = (f'<p class="dir-handout"><a href="../../handout/?add={esc(r.id)}">Add to '
               "handout</a>: print this group with others on one page, with QR codes.</p>")
    # My groups (assets/mygroups-button.js shows it; nothing without JavaScript)
    handout += (f'<p class="dir-save" hidden><button type="button" class="md-button" '
                f'data-id="{esc(r.id)}" aria-pressed="false">Save to My groups</button> '
                '<span class="dir-save-note" aria-live="polite"></span></p><script '
                'type="module" src="../../assets/directory/mygroups-button.js"></script>')
    if not ctx.site_url:
        return _section("share", "Share or print", handout)
    inner = ('<figure class="dir-qr"><img src="qr.png" width="128" height="128" '
             'alt="QR code that opens this page">'
             "<figcaption>Scan to open this page on a phone.</figcaption></figure>")
    return _section("share", "Share or print", inner + handout)


def _trust(r: Resource, ctx: SiteContext) -> str:
    if r.verified:
        checked = (f'Last verified <time datetime="{r.verified.isoformat()}">'
                   f"{r.verified.day} {r.verified:%B %Y}</time>.")
    else:
        checked = "Not yet verified: confirm with the group before relying on it."
    inner = f'<p class="dir-verified">{checked}'
    if r.source:
        inner += f" Source: {esc(r.source)}."
    inner += "</p>"
    links = []
    if url := repo_links.report_url(ctx, r):
        links.append("<li>" + link(url, "Report a problem with this listing") + "</li>")
    if url := repo_links.edit_url(ctx):
        links.append("<li>" + link(url, "Suggest an edit") + "</li>")
    if url := repo_links.entry_source_url(ctx, r):
        links.append("<li>" + link(url, f"See this entry in the list (line {r.line})") + "</li>")
    if links:
        inner += f'<ul class="dir-fix">{"".join(links)}</ul>'
    return _section("checked", "Is this right?", inner)


def resource_page(r: Resource, ctx: SiteContext, *, by_id: Mapping[str, Resource],
                  nearby: Nearby | None = None,
                  blurbs: dict[str, tuple[str, str]] | None = None) -> Page:
    """`blurbs` is a cache shared by all pages of one build (id -> nearby list item)."""
    note = STATUS_NOTE.get(r.status)
    head = (f'<p class="dir-status dir-status--{esc(r.status)}"><strong>'
            f'{esc(STATUS.get(r.status, r.status))}.</strong> {esc(note)}</p>' if note else "")
    head += f'<p class="dir-summary">{esc(summary(r))}</p>'
    if r.status != "inactive":
        more = link(f"../../programs/{r.program}/", f"All {program_label(r)} listings")
        head += f'<p class="dir-more">{more}</p>'
    parts = [head, _when(r, ctx), _where(r, ctx), _online(r), _about(r), _contact(r),
             _nearby(r, by_id, nearby, {} if blurbs is None else blurbs), _share(r, ctx),
             _trust(r, ctx),
             jsonld.script(r, ctx, ctx.absolute(path(r.id)))]
    body = f'<div class="dir-resource" data-id="{esc(r.id)}">{"".join(parts)}</div>'
    return Page(path(r.id), r.name, description(r), body)
