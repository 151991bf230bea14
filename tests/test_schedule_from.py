"""Fortnightly `from:` dates where people read them: the group's page names a date it meets
(the first on or after the build date), and the sample site, built strictly (warnings
fail it), has them on its page and in its calendar."""

from __future__ import annotations

import html
import re
from datetime import date, time
from pathlib import Path

from generator.build.context import SiteContext
from generator.format.model import Dataset, Location, Resource, ScheduleSlot
from generator.render.resource import resource_page


def _fortnightly(anchor: date | None) -> Resource:
    return Resource(
        id="every-other", name="Every Other Tuesday", kind="meeting", program="aa",
        attendance="in-person", timezone="America/Chicago",
        schedule=(ScheduleSlot(("tue",), time(19), time(20), "2 weeks", from_=anchor),),
        location=Location(address="1 Main St", city="Springfield", region="IL",
                          postal_code="62701", country="US"))


def _when(r: Resource, built: date) -> str:
    ctx = SiteContext(Dataset("r.yaml", [r]), build_date=built)
    body = resource_page(r, ctx, by_id={r.id: r}).body
    m = re.search(r'<ul class="dir-schedule">(.*?)</ul>', body, re.S)
    assert m is not None
    return html.unescape(re.sub(r"<[^>]+>", "", m.group(1)))


def test_the_page_names_the_first_meeting_on_or_after_the_build_date() -> None:
    r = _fortnightly(date(2024, 1, 9))
    assert _when(r, date(2026, 11, 23)) == (
        "Every other Tuesday 7:00–8:00 pm, Central time (including 24 November 2026)")
    assert _when(r, date(2026, 11, 25)) == (
        "Every other Tuesday 7:00–8:00 pm, Central time (including 8 December 2026)")
    # without `from:` no date is made up
    assert _when(_fortnightly(None), date(2026, 11, 23)) == (
        "Every other Tuesday 7:00–8:00 pm, Central time")


def test_the_sample_site_builds_strictly_with_its_fortnightly_group(example_site: Path) -> None:
    page = (example_site / "r" / "sample-springfield-biweekly-cma" / "index.html").read_text()
    # from: 2026-10-07 in examples/resources.yaml; the site is built on 15 November 2026
    assert "Every other Wednesday 7:00–8:00 pm, Central time (including 18 November 2026)" in (
        html.unescape(page))
    ics = (example_site / "r" / "sample-springfield-biweekly-cma.ics").read_text()
    assert "DTSTART;TZID=America/Chicago:20261118T190000" in ics
    assert "RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=WE;WKST=MO" in ics
    assert "confirm which weeks" not in ics.replace("\r\n ", "")
