"""Big feeds are written in pieces (generator/build/outputs.py): the pieces make exactly the
file the whole would, and the build's writer writes them, or reads them whole where it
audits the content."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import icalendar
import pytest

from generator.build.context import SiteContext
from generator.build.outputs import whole
from generator.feeds import calendar, meeting_guide_export, spreadsheet
from generator.feeds.calendar import Calendars, has_calendar
from generator.render.writer import SiteWriter
from generator.synth import generate


@pytest.fixture(scope="module")
def ctx() -> SiteContext:
    return SiteContext(generate(60, seed=9), site_url="https://example.org/",
                       build_date=date(2026, 3, 1))


def test_feed_pieces_are_the_feed(ctx: SiteContext) -> None:
    pieces = list(meeting_guide_export.feed_chunks(ctx))
    assert len(pieces) >= 2 and all(isinstance(p, bytes) for p in pieces)
    text = b"".join(pieces).decode("utf-8")
    assert text == meeting_guide_export.export_feed(ctx)
    assert len(json.loads(text)) == len(list(meeting_guide_export.feed_entries(ctx)))


def test_csv_pieces_are_the_csv_with_one_byte_order_mark(ctx: SiteContext) -> None:
    pieces = list(spreadsheet.csv_chunks(ctx, per_chunk=7))
    assert len(pieces) >= len(ctx.dataset.resources) // 7
    data = b"".join(pieces)
    assert data == spreadsheet.export_csv(ctx)
    assert data.startswith(b"\xef\xbb\xbf") and data.count(b"\xef\xbb\xbf") == 1
    assert data.decode("utf-8-sig").count("\r\n") >= len(ctx.dataset.resources) + 1


def test_calendar_pieces_are_one_calendar(ctx: SiteContext,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(calendar, "CHUNK", 4)
    meetings = [r for r in ctx.dataset.resources if has_calendar(r)]
    pieces = list(Calendars(ctx).collection_chunks("All", meetings))
    assert len(pieces) >= len(meetings) // 4 + 2  # head, events in fours, end
    cal = icalendar.Calendar.from_ical(b"".join(pieces))
    assert len(cal.walk("VEVENT")) == sum(len(r.schedule) for r in meetings)
    assert b"".join(pieces) == Calendars(ctx).collection("All", meetings)


def test_the_writer_writes_pieces_and_audits_markup_whole(tmp_path: Path) -> None:
    writer = SiteWriter(tmp_path, {}, check=True, own_host="example.org")
    writer.write_files([
        ("big.ics", iter([b"BEGIN", b":", b"VCALENDAR\r\n"])),
        ("page.html", iter([b"<p>hi</p><scr", b'ipt src="https://cdn.example.com/x.js">',
                            b"</script>"])),
    ])
    assert (tmp_path / "big.ics").read_bytes() == b"BEGIN:VCALENDAR\r\n"
    assert (tmp_path / "page.html").read_bytes().endswith(b"</script>")
    # the script split across pieces is still found
    assert any("cdn.example.com" in p for p in writer.problems), writer.problems
    assert whole(iter([b"a", b"b"])) == b"ab" and whole("ab") == "ab"
