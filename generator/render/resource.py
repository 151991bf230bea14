"""The page of one resource, /r/<id>/: everything a person needs to go, join or call,
and everything staff need to trust it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from urllib.parse import quote, urlencode

from generator.build.context import SiteContext
from generator.format import dial, schedule
from generator.format.model import Location, Resource, ScheduleSlot
from generator.format.vocab import ATTENDANCE, KINDS, PROGRAMS, STATUS, TAGS
from generator.i18n import ENGLISH, N_, Translator
from generator.map.publish import place_map

from ..feeds.calendar import has_calendar
from . import jsonld, places, repo_links
from .html import directions_href, esc, link, mailto, paragraphs, tel_link
from .page import Page

Nearby = Mapping[str, Sequence[tuple[str, float]]]

STATUS_NOTE = {
    "temporarily-closed": N_("Temporarily closed. Check with the group before you go."),
    "inactive": N_("The page stays so that links printed on old lists still lead somewhere."),
}
# The page puts the status's name first ("Temporarily closed."), so its note does not
# repeat it; the handout card (handout.py) shows STATUS_NOTE alone.
PAGE_STATUS_NOTE = {
    "temporarily-closed": N_("Check with the group before you go."),
    "inactive": STATUS_NOTE["inactive"],
}


def path(resource_id: str) -> str:
    return f"r/{resource_id}/"


def program_label(r: Resource, t: Translator = ENGLISH) -> str:
    program = PROGRAMS.get(r.program)
    return t.gettext(program.label) if program else r.program


def _label(table: dict[str, str], key: str, t: Translator) -> str:
    """A vocabulary label in the page's language (the key itself when unknown)."""
    return t.gettext(table[key]) if key in table else key


def tag_label(tag: str, t: Translator = ENGLISH) -> str:
    return t.gettext(TAGS[tag].label) if tag in TAGS else tag


def summary(r: Resource, t: Translator = ENGLISH) -> str:
    """"Alcoholics Anonymous · Meeting · In person", for pages and lists."""
    parts = [program_label(r, t), _label(KINDS, r.kind, t),
             _label(ATTENDANCE, r.attendance, t) if r.attendance in ATTENDANCE else ""]
    return " · ".join(p for p in parts if p)


def town(r: Resource) -> str:
    loc = r.location
    if not loc:
        return ""
    return ", ".join(p for p in (loc.city, loc.region) if p)


def description(r: Resource, t: Translator = ENGLISH) -> str:
    """One sentence for <meta name="description"> and link previews."""
    where = town(r) if r.is_in_person else ""
    kind = _label(KINDS, r.kind, t).lower()
    attendance = _label(ATTENDANCE, r.attendance, t).lower() if r.attendance in ATTENDANCE else ""
    if t.is_source:
        what = f"{program_label(r)} {kind}"
    else:  # "Reunión de Alcohólicos Anónimos"
        what = t.gettext("{kind} of {program}").format(kind=_capital(kind),
                                                       program=program_label(r, t))
    text = (t.gettext("{what} in {where}").format(what=what, where=where) if where
            else f"{what}, {attendance}")
    when = "; ".join(schedule.describe_all(r.schedule, r.timezone, t=t))
    return f"{text}: {when}." if when else f"{text}."


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


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
        words = schedule.describe(slot, r.timezone, today=ctx.build_date, t=ctx.t)
        items.append(f"<li{attrs}>{esc(words)}{_slot_extras(slot, ctx.t)}</li>")
    _ = ctx.t.gettext
    add = _("Add to my calendar")
    calendar = (f'<p class="dir-calendar">'
                f'{link(f"../{r.id}.ics", add, download="")}</p>'
                if has_calendar(r) else "")  # only when the feeds publish /r/<id>.ics
    return _section("when", _("When"),
                    f'<ul class="dir-schedule">{"".join(items)}</ul>{calendar}')


def _slot_extras(slot: ScheduleSlot, t: Translator) -> str:
    """What this time slot has that the group's others do not (from an import: the
    Friday meeting is a Big Book meeting)."""
    out = ""
    if slot.tags:
        labels = ", ".join(tag_label(tag, t) for tag in slot.tags)
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
    _ = ctx.t.gettext
    inner = f'<address class="dir-address">{"<br>".join(lines)}</address>'
    if directions := r.text_in(ctx.t.lang, "directions"):  # a translation, if it has one
        inner += f'<p class="dir-how">{esc(directions)}</p>'
    if loc.approximate:
        inner += ('<p class="dir-note">'
                  + _("The map position is approximate (the town, not the door).") + "</p>")
    if loc.one_line():
        inner += '<p class="dir-go">' + _directions(loc, ctx.t) + "</p>"
    if ctx.map:
        inner += place_map(r)
    town_path = places.town_path(r, ctx.dataset)
    if town_path and r.status != "inactive" and loc.city:
        more = link("../../" + town_path, _("More groups in {town}").format(town=loc.city))
        inner += f'<p class="dir-town-link">{more}</p>'
    return _section("where", _("Where"), inner)


def _dial_in(phone: str, t: Translator) -> str:
    """A dial-in line people can read and phones can dial in one tap, codes included."""
    _ = t.gettext
    d = dial.parse(phone)
    labels = dial.code_labels(d)
    out = _("Call in:") + " " + link(dial.tel_uri(phone), dial.display_number(d),
                                     class_="dir-dial")
    if labels:
        codes = ", ".join(f"{_(label)} {code}" for label, code in labels)
        out += (f', <span class="dir-codes">{esc(codes)}</span><br>'
                '<span class="dir-note dir-dial-note">'
                + _("On a phone, one tap dials the number and then the codes.") + "</span>")
    return out


def _directions(loc: Location, t: Translator) -> str:
    """OpenStreetMap for everyone; localtime.js swaps in the phone's own maps app
    (data-geo on Android, data-apple on iPhone and iPad) and says so in the link."""
    address = loc.one_line()
    pin = (f"{loc.lat:.6f},{loc.lon:.6f}" if loc.lat is not None and loc.lon is not None
           and not loc.approximate else "0,0")  # 0,0: "search for the q= text" (RFC 5870)
    geo = f"geo:{pin}?q={quote(address, safe='')}"
    apple = "https://maps.apple.com/?" + urlencode({"daddr": address})
    return link(directions_href(address), t.gettext("Get directions on OpenStreetMap"),
                class_="dir-directions", rel="nofollow noopener", data_geo=geo,
                data_apple=apple)


def _online(r: Resource, t: Translator) -> str:
    _ = t.gettext
    online = r.online
    if not online or not (online.url or online.phone or online.notes):
        return ""
    heading = _("Join online") if r.is_online else _("Online and by phone")
    rows = []
    if online.url:
        rows.append("<li>" + link(online.url, _("Join online"), rel="nofollow noopener")
                    + f' <span class="dir-url">{esc(online.url)}</span></li>')
    if online.phone:
        rows.append(f"<li>{_dial_in(online.phone, t)}</li>")
    inner = f'<ul class="dir-join">{"".join(rows)}</ul>' if rows else ""
    if notes := r.text_in(t.lang, "online_notes"):
        inner += f'<p class="dir-how">{esc(notes)}</p>'
    return _section("join", heading, inner)


def _about(r: Resource, t: Translator) -> str:
    _ = t.gettext
    inner = ""
    if r.tags:
        labels = "".join(f"<li>{esc(tag_label(tag, t))}</li>" for tag in r.tags)
        label = esc(_("Attributes"))
        inner += f'<ul class="dir-tags" aria-label="{label}">{labels}</ul>'
    if description := r.text_in(t.lang, "description"):
        inner += paragraphs(description)
    return _section("about", _("About"), inner) if inner else ""


def _contact(r: Resource, t: Translator) -> str:
    _ = t.gettext
    c = r.contact
    rows = []
    if c and c.website:
        rows.append("<li>" + _("Website:") + " "
                    + link(c.website, c.website, rel="nofollow noopener") + "</li>")
    if c and c.email:
        rows.append("<li>" + _("Email:") + f" {mailto(c.email)}</li>")
    if c and c.phone:
        rows.append("<li>" + _("Phone:") + f" {tel_link(c.phone)}</li>")
    if c and c.feedback:
        rows.append("<li>" + (link(c.feedback, _("Send a correction or feedback"),
                                   rel="nofollow noopener")
                              if c.feedback.startswith("https://")
                              else _("Corrections and feedback:") + f" {mailto(c.feedback)}")
                    + "</li>")
    # 7th Tradition: the group's own payment names, as links to the payment service
    for service, shown, href in r.tradition.links() if r.tradition else []:
        rows.append("<li>" + esc(_("7th Tradition ({service}):").format(service=service)) + " "
                    + link(href, shown, rel="nofollow noopener") + "</li>")
    if not rows:
        return ""
    return _section("contact", _("Contact"), f'<ul>{"".join(rows)}</ul>')


def _blurb(other: Resource, t: Translator) -> tuple[str, str]:
    """Link and one-line detail of a resource listed on another's page."""
    when = "; ".join(schedule.describe(s, other.timezone, with_zone=False, t=t)
                     for s in other.schedule)
    detail = " · ".join(p for p in (program_label(other, t), when, town(other)) if p)
    return link(f"../{other.id}/", other.name), f'<span class="dir-detail">{esc(detail)}</span>'



def _nearby(r: Resource, by_id: Mapping[str, Resource], nearby: Nearby | None,
            blurbs: dict[str, tuple[str, str]], t: Translator) -> str:
    pairs = nearby.get(r.id, ()) if nearby else ()
    rows = []
    for other_id, miles in pairs:
        other = by_id.get(other_id)
        if other is None:
            continue
        # Each resource is someone's neighbour about k times: describe it once.
        blurb = blurbs.get(other_id)
        if blurb is None:
            blurb = blurbs[other_id] = _blurb(other, t)
        distance = (t.gettext("same place") if miles < 0.05
                    else t.gettext("{miles} miles away").format(miles=_miles(miles, t)))
        rows.append(f'<li>{blurb[0]} <span class="dir-distance">({distance})</span>'
                    f"<br>{blurb[1]}</li>")
    if not rows:
        return ""
    return _section("nearby", t.gettext("Nearby alternatives"),
                    f'<ul class="dir-list">{"".join(rows)}</ul>')


def _miles(miles: float, t: Translator) -> str:
    if t.is_source:
        return f"{miles:.1f}"
    from babel.numbers import format_decimal

    return format_decimal(round(miles, 1), format="0.0", locale=t.lang)


def _share(r: Resource, ctx: SiteContext) -> str:
    """The page's QR code (drawn by generator.render.qr next to the page, only when the site's
    address is known) and how to print."""
    _ = ctx.t.gettext
    handout = (f'<p class="dir-handout"><a href="../../handout/?add={esc(r.id)}">'
               + _("Add to handout</a>: print this group with others on one page, "
                   "with QR codes.") + "</p>")
    # My groups (assets/mygroups-button.js shows it; nothing without JavaScript)
    handout += (f'<p class="dir-save" hidden><button type="button" class="md-button" '
                f'data-id="{esc(r.id)}" aria-pressed="false">' + _("Save to My groups")
                + '</button> <span class="dir-save-note" aria-live="polite"></span></p><script '
                'type="module" src="../../assets/directory/mygroups-button.js"></script>')
    if not ctx.site_url:
        return _section("share", _("Share or print"), handout)
    alt = esc(_("QR code that opens this page"))
    inner = ('<figure class="dir-qr"><img src="qr.png" width="128" height="128" '
             f'alt="{alt}">'
             "<figcaption>" + _("Scan to open this page on a phone.") + "</figcaption></figure>")
    return _section("share", _("Share or print"), inner + handout)


def _trust(r: Resource, ctx: SiteContext) -> str:
    _ = ctx.t.gettext
    if r.verified:
        checked = (_("Last verified") + f' <time datetime="{r.verified.isoformat()}">'
                   f"{ctx.t.format_date(r.verified)}</time>.")
    else:
        checked = _("Not yet verified: confirm with the group before relying on it.")
    inner = f'<p class="dir-verified">{checked}'
    if r.source:
        inner += " " + _("Source:") + f" {esc(r.source)}."
    inner += "</p>"
    links = []
    if url := repo_links.report_url(ctx, r):
        links.append("<li>" + link(url, _("Report a problem with this listing")) + "</li>")
    if url := repo_links.edit_url(ctx):
        links.append("<li>" + link(url, _("Suggest an edit")) + "</li>")
    if url := repo_links.entry_source_url(ctx, r):
        links.append("<li>" + link(url, _("See this entry in the list (line {line})")
                                   .format(line=r.line)) + "</li>")
    if links:
        inner += f'<ul class="dir-fix">{"".join(links)}</ul>'
    return _section("checked", _("Is this right?"), inner)


def resource_page(r: Resource, ctx: SiteContext, *, by_id: Mapping[str, Resource],
                  nearby: Nearby | None = None,
                  blurbs: dict[str, tuple[str, str]] | None = None) -> Page:
    """`blurbs` is a cache shared by all pages of one build (id -> nearby list item)."""
    t = ctx.t
    note = PAGE_STATUS_NOTE.get(r.status)
    head = (f'<p class="dir-status dir-status--{esc(r.status)}"><strong>'
            f'{esc(_label(STATUS, r.status, t))}.</strong> {esc(t.gettext(note))}</p>'
            if note else "")
    head += f'<p class="dir-summary">{esc(summary(r, t))}</p>'
    if r.status != "inactive":
        more = link(f"../../programs/{r.program}/",
                    t.gettext("All {program} listings").format(program=program_label(r, t)))
        head += f'<p class="dir-more">{more}</p>'
    parts = [head, _when(r, ctx), _where(r, ctx), _online(r, t), _about(r, t), _contact(r, t),
             _nearby(r, by_id, nearby, {} if blurbs is None else blurbs, t), _share(r, ctx),
             _trust(r, ctx),
             jsonld.script(r, ctx, ctx.absolute(path(r.id)))]
    body = f'<div class="dir-resource" data-id="{esc(r.id)}">{"".join(parts)}</div>'
    return Page(path(r.id), r.name, description(r, t), body)
