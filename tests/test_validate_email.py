"""Email addresses with an apostrophe (o'brien@..., valid in RFC 5322 and common in Irish
names) pass `validate`, and wherever such an address lands it stays text: a hostile-looking
but valid one renders as the address itself and a mailto: link that carries exactly it."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
from datetime import date
from html.parser import HTMLParser
from urllib.parse import unquote

import pytest

from generator.build.context import SiteContext
from generator.feeds.meeting_guide_export import export_feed
from generator.feeds.spreadsheet import export_csv
from generator.format.validate import check
from generator.format.yaml_writer import dump
from generator.render.resource import resource_page

# Only RFC 5322 atext in the local part (letters, ' = ` and friends): valid, and it would
# add attributes to the link if the quotes were not escaped.
HOSTILE = "o'brien'onfocus='alert`1`'autofocus='@example.org"
ENTRY = """\
resources:
  - id: irish-group
    name: Irish Group
    kind: meeting
    program: aa
    attendance: in-person
    timezone: America/Chicago
    schedule:
      - days: [tue]
        start: "19:00"
    location:
      address: 1 Main St
      city: Springfield
    contact:
      email: {email}
    verified: 2026-10-01
"""
TODAY = date(2026, 11, 23)


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[dict[str, str | None], str]] = []
        self.attrs: set[str] = set()
        self._open: dict[str, str | None] | None = None
        self._text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.attrs.update(name for name, _ in attrs)
        if tag == "a":
            self._open, self._text = dict(attrs), ""

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._open is not None:
            self.links.append((self._open, self._text))
            self._open = None


@pytest.mark.parametrize("email", ["o'brien@example.org", "mary.o'neill@example.ie",
                                   "d'arcy+newcomers@example.org", HOSTILE])
def test_apostrophes_are_accepted(email: str) -> None:
    dataset, report = check("r.yaml", text=ENTRY.format(email=email), today=TODAY)
    assert report.items == []
    contact = dataset.resources[0].contact
    assert contact is not None and contact.email == email
    # and the canonical writer gives it back as written
    again, report = check("again.yaml", text=dump(dataset), today=TODAY)
    assert report.items == [] and again.resources[0].contact == contact


@pytest.mark.parametrize("email", ["o'brien@exam'ple.org", "<b>o'brien</b>@example.org",
                                   '"o brien"@example.org', "o'brien"])
def test_markup_quotes_and_broken_addresses_stay_refused(email: str) -> None:
    text = ENTRY.format(email=json.dumps(email))
    _, report = check("r.yaml", text=text, today=TODAY)
    assert [(d.line, d.col) for d in report.errors] == [(15, 14)]
    assert "is not an email address" in report.errors[0].message


def test_a_hostile_looking_address_is_text_and_a_correct_mailto_link() -> None:
    dataset, report = check("r.yaml", text=ENTRY.format(email=HOSTILE), today=TODAY)
    assert report.items == []
    ctx = SiteContext(dataset=dataset, site_url="https://meetings.example.org/")
    r = dataset.resources[0]
    body = resource_page(r, ctx, by_id=dataset.by_id()).body
    parser = _Links()
    parser.feed(body)
    mail = [(attrs, text) for attrs, text in parser.links
            if (attrs.get("href") or "").startswith("mailto:")]
    assert len(mail) == 1
    attrs, text = mail[0]
    assert text == HOSTILE
    assert set(attrs) == {"href"}  # no onfocus / autofocus slipped out of the quotes
    assert not {"onfocus", "autofocus"} & parser.attrs
    href = attrs["href"] or ""
    # percent-encoded: nothing a mail client or a browser would read as a second field
    assert href == ("mailto:o%27brien%27onfocus%3D%27alert%601%60%27autofocus%3D%27"
                    "@example.org")
    assert unquote(href.removeprefix("mailto:")) == HOSTILE
    # the raw page holds the quotes only escaped
    assert "'" not in re.sub(r"<script.*?</script>", "", body, flags=re.S).split(
        "Email:", 1)[1].split("</li>", 1)[0]
    # JSON-LD names the email of organisations (not of meeting events)
    coach = dataclasses.replace(r, kind="coaching", schedule=())
    coach_page = resource_page(coach, ctx, by_id={coach.id: coach}).body
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', coach_page, re.S)
    assert script is not None and json.loads(script.group(1))["email"] == HOSTILE

    rows = list(csv.DictReader(io.StringIO(export_csv(ctx).decode("utf-8-sig"))))
    assert rows[0]["email"] == HOSTILE
    (entry,) = json.loads(export_feed(ctx))
    assert entry["email"] == HOSTILE
