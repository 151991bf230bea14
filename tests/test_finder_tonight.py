"""The finder shaped around "a meeting I can get to next, near me" (issue #16), in Chromium.

A site built from `finder_dataset()` (groups around Springfield, IL, in Chicago time), the
clock fixed at Thursday 19 November 2026, 7:40 pm there. What the page says about each
group's time is checked against an independent reference built on generator/format/schedule.py
(`may_meet_on`): real dates in each group's own zone, so monthly and fortnightly rules,
online groups elsewhere and meetings past midnight all count.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest
from test_finder_data import HOME, View, expected, finder_dataset

from generator.format.model import Dataset, Location, Resource, ScheduleSlot
from generator.format.schedule import may_meet_on
from generator.format.yaml_writer import dump

pytestmark = [pytest.mark.browser, pytest.mark.xdist_group("finder-tonight")]

ZONE = "America/Chicago"
AT = datetime(2026, 11, 19, 19, 40, tzinfo=ZoneInfo(ZONE))  # a Thursday evening
DEVICES = {
    "phone": {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True},
    "desktop": {"viewport": {"width": 1280, "height": 800}},
}
ROWS = """sel => [...document.querySelectorAll(sel)].map(e => ({
    id: e.dataset.id, status: e.dataset.status || null, next: e.dataset.next || null,
    distance: e.dataset.distance === undefined ? null : +e.dataset.distance,
    text: (e.querySelector('.fd-status') || {}).textContent || ''}))"""


# --------------------------------------------------------------------------- reference


@dataclass
class Timing:
    status: str
    start: datetime | None  # the meeting now running, else the next start
    end: datetime | None  # when the meeting now running ends


def _length(slot: ScheduleSlot) -> int:
    if slot.end is None:
        return 60
    minutes = (slot.end.hour * 60 + slot.end.minute - slot.start.hour * 60 - slot.start.minute) % 1440
    return minutes or 60


def timing(r: Resource, at: datetime, viewer: str, weekday: int | None = None) -> Timing:
    """Status and next start of `r` at `at`; with `weekday` (0 = Monday) only meetings on
    that day of the viewer's week."""
    zone, view = ZoneInfo(r.timezone), ZoneInfo(viewer)
    today = at.astimezone(view).date()
    running: tuple[datetime, datetime] | None = None
    upcoming: datetime | None = None
    ended = False
    for slot in r.schedule:
        for offset in range(-2, 45):
            d = at.astimezone(zone).date() + timedelta(days=offset)
            if not may_meet_on(slot, d):
                continue
            start = datetime.combine(d, slot.start, tzinfo=zone)
            if weekday is not None and start.astimezone(view).weekday() != weekday:
                continue
            end = start + timedelta(minutes=_length(slot))
            if start <= at < end:
                running = max(running or (start, end), (start, end), key=lambda p: p[1])
            elif end <= at:
                ended = ended or start.astimezone(view).date() == today
            elif upcoming is None or start < upcoming:
                upcoming = start
    if running:
        return Timing("in-progress", *running)
    if upcoming is not None and upcoming.astimezone(view).date() == today:
        return Timing("upcoming", upcoming, None)
    return Timing("ended" if ended else "other-day", upcoming, None)


def clock_text(t: datetime, viewer: str) -> str:
    local = t.astimezone(ZoneInfo(viewer))
    return f"{local.hour % 12 or 12}:{local.minute:02d} {'AM' if local.hour < 12 else 'PM'}"


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def resources() -> list[Resource]:
    return finder_dataset().resources


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, serve_dir: Any) -> str:
    from tests.helpers import build_site

    work = tmp_path_factory.mktemp("tonight")
    data = work / "resources.yaml"
    data.write_text(dump(finder_dataset()), encoding="utf-8")
    return str(serve_dir(build_site(data, work / "site", build_date="2026-11-10")))


@pytest.fixture()
def context(browser: Any) -> Iterator[Any]:
    ctx = browser.new_context(timezone_id=ZONE, locale="en-US", **DEVICES["phone"])
    yield ctx
    ctx.close()


def open_finder(ctx: Any, site: str, query: str = "", *, at: datetime = AT) -> Any:
    page = ctx.new_page()
    page.clock.set_fixed_time(at)
    page.goto(site + "find/" + query)
    page.wait_for_function("() => window.__finderTimings && window.__finderTimings.firstResults")
    return page


def rows(page: Any, selector: str) -> list[dict[str, Any]]:
    return list(page.evaluate(ROWS, selector))


def all_rows(page: Any, section: str) -> list[dict[str, Any]]:
    more = page.locator(f"#fd-{section}-more")
    while more.is_visible():
        more.click()
    return rows(page, f"#fd-{section}-list li[data-id]")


def earlier_rows(page: Any, section: str) -> list[dict[str, Any]]:
    box = page.locator(f"#fd-{section}-earlier")
    if not box.is_visible():
        return []
    if not box.evaluate("e => e.open"):
        box.locator("summary").click()
        page.wait_for_selector(f"#fd-{section}-earlier-list li[data-id]")  # built on opening
    return rows(page, f"#fd-{section}-earlier-list li[data-id]")


def instant(iso: str) -> datetime:
    return datetime.fromisoformat(iso)


def check_times(shown: list[dict[str, Any]], by_id: dict[str, Resource], at: datetime,
                viewer: str, weekday: int | None = None) -> None:
    """Every row's data-status, data-next and status line as the reference has them."""
    for row in shown:
        want = timing(by_id[row["id"]], at, viewer, weekday)
        r = by_id[row["id"]]
        if not r.schedule:
            assert row["next"] is None and row["status"] == "other-day", row
            continue
        assert row["status"] == want.status, (row, want)
        assert want.start is not None and instant(row["next"]) == want.start, (row, want)
        own = ZoneInfo(viewer if r.attendance == "online" else r.timezone)
        assert instant(row["next"]).utcoffset() == want.start.astimezone(own).utcoffset(), row
        if want.status == "in-progress":
            assert want.end is not None
            assert row["text"] == f"In progress, until {clock_text(want.end, viewer)}", row


def assert_time_order(shown: list[dict[str, Any]]) -> None:
    """In progress first, then by start; groups without a fixed time last."""
    keys = [(r["status"] != "in-progress", r["next"] is None,
             instant(r["next"]).timestamp() if r["next"] else 0.0) for r in shown]
    assert keys == sorted(keys), [(r["id"], r["status"], r["next"]) for r in shown]


# --------------------------------------------------------------------------- the scenario


@pytest.mark.parametrize("device", ["phone", "desktop"])
def test_tonight_near_a_postal_code(browser: Any, site: str, resources: list[Resource],
                                    device: str) -> None:
    """Type a postal code, press Enter: within a second the first result is on screen;
    in progress first and marked, then what is still ahead by start; nothing over today
    comes before it; both orders work."""
    ctx = browser.new_context(timezone_id=ZONE, locale="en-US", **DEVICES[device])
    ctx.add_init_script("""addEventListener('keydown', e => {
        if (e.key === 'Enter') window.__enterAt = performance.now(); }, true);""")
    try:
        page = open_finder(ctx, site)
        page.fill("#fd-near", "62701")
        page.keyboard.press("Enter")
        page.wait_for_function("""() => {
            const row = document.querySelector('#fd-near-list li[data-distance]');
            if (!row) return false;
            const box = row.getBoundingClientRect();
            return box.top >= 0 && box.top < innerHeight - 60;
        }""", timeout=5000)
        t = page.evaluate("window.__finderTimings")
        assert t["shown"], "the search did not report its results as shown"
        elapsed = t["shown"][-1]["at"] - page.evaluate("window.__enterAt")
        assert 0 <= elapsed < 1000, elapsed
        height = page.evaluate("innerHeight")
        assert 0 <= t["shown"][-1]["top"] < height
        # the count stays on screen, and has the focus (read out after the search)
        count = page.locator("#fd-count").bounding_box()
        assert count and 0 <= count["y"] < height
        assert page.evaluate("document.activeElement.id") == "fd-count"
        # the form folded to the place box and one line that opens the rest again
        assert page.is_hidden("#fd-day") and page.is_visible("#fd-near")
        assert page.inner_text("#fd-summary-text") == "Within 10 miles · today"
        assert page.get_attribute("#fd-change", "aria-expanded") == "false"
        assert "62701 (Springfield, IL)" in page.inner_text("#fd-near-title")

        by_id = {r.id: r for r in resources}
        main = all_rows(page, "near")
        assert main and all(r["status"] != "ended" for r in main)
        assert any(r["status"] == "in-progress" for r in main)
        assert any(r["status"] == "upcoming" for r in main)
        check_times(main, by_id, AT, ZONE)
        assert_time_order(main)
        for r in main:
            if r["status"] == "upcoming":
                assert re.fullmatch(r"Starts (in \d+ min|at \d+:\d\d [AP]M)", r["text"]), r
        over = earlier_rows(page, "near")
        assert over and all(r["status"] == "ended" for r in over)
        check_times(over, by_id, AT, ZONE)
        # the two lists are exactly today's view
        near, _ = expected(resources, View(origin=HOME, radius=10), viewer_zone=ZONE, at=AT)
        assert sorted(r["id"] for r in main + over) == sorted(i for i, _ in near)
        online = all_rows(page, "online")
        assert online
        check_times(online, by_id, AT, ZONE)
        assert_time_order(online)

        # nearest first: the same groups still ahead, by distance; what is over still below
        page.get_by_label("Nearest first").check()
        page.wait_for_function("() => location.search.includes('sort=distance')")
        by_distance = all_rows(page, "near")
        assert sorted(r["id"] for r in by_distance) == sorted(r["id"] for r in main)
        distances = [r["distance"] for r in by_distance]
        assert distances == sorted(distances)
        assert [r["id"] for r in earlier_rows(page, "near")] == [r["id"] for r in over]
        page.get_by_label("Soonest first").check()
        page.wait_for_function("() => location.search.includes('sort=time')")
        assert [r["id"] for r in all_rows(page, "near")] == [r["id"] for r in main]
        # another place typed in the folded form
        page.evaluate("scrollTo(0, 0)")
        page.fill("#fd-near", "62702")
        page.keyboard.press("Enter")
        page.wait_for_function("() => location.search.includes('near=62702')")
        assert page.get_attribute("#fd-change", "aria-expanded") == "false"
    finally:
        ctx.close()


@pytest.mark.parametrize("day", ["any", "wed", "thu", "sat"])
def test_both_orders_work_on_every_day(context: Any, site: str, resources: list[Resource],
                                       day: str) -> None:
    by_id = {r.id: r for r in resources}
    weekday = None if day == "any" else ["mon", "tue", "wed", "thu", "fri", "sat", "sun"].index(day)
    page = open_finder(context, site, f"?near=62701&radius=25&day={day}&sort=time")
    shown = all_rows(page, "near")
    assert len(shown) > 5
    check_times(shown, by_id, AT, ZONE, weekday)
    assert_time_order(shown)
    if weekday is not None:
        for r in shown:
            if r["next"]:
                assert instant(r["next"]).weekday() == weekday
    page.goto(site + f"find/?near=62701&radius=25&day={day}&sort=distance")
    page.wait_for_function("() => window.__finderTimings.firstResults")
    by_distance = all_rows(page, "near")
    assert sorted(r["id"] for r in by_distance) == sorted(r["id"] for r in shown)
    distances = [r["distance"] for r in by_distance]
    assert distances == sorted(distances)
    assert page.is_checked("#fd-sort input[value=distance]")


def test_tomorrow_morning_follows_when_few_remain(context: Any, site: str,
                                                   resources: list[Resource]) -> None:
    late = AT.replace(hour=22, minute=40)
    page = open_finder(context, site, "?near=62701&radius=25", at=late)
    main = all_rows(page, "near")
    ahead = [r for r in main if r["next"]]
    assert len(ahead) < 5
    assert page.is_visible("#fd-near-tomorrow")
    assert page.inner_text("#fd-near-tomorrow-title") == "Tomorrow morning, Friday"
    morning = rows(page, "#fd-near-tomorrow-list li[data-id]")
    by_id = {r.id: r for r in resources}
    want = set()
    for r in resources:
        if r.status != "active" or r.attendance == "online" or not r.location:
            continue
        t = timing(r, late, ZONE, weekday=4)
        if t.start and t.start.date() == late.date() + timedelta(days=1) and t.start.hour < 12:
            near, _ = expected([r], View(origin=HOME, radius=25, day="fri"), viewer_zone=ZONE, at=late)
            if near:
                want.add(r.id)
    assert want and {r["id"] for r in morning} == want
    check_times(morning, by_id, late, ZONE, weekday=4)
    assert all(r["text"].startswith("Tomorrow ") for r in morning)
    assert_time_order(morning)
    # in the page, tomorrow comes after what is still ahead today and before what is over
    order = page.evaluate("""() => ['#fd-near-list', '#fd-near-tomorrow', '#fd-near-earlier']
        .map(s => document.querySelector(s).getBoundingClientRect().top)""")
    assert order == sorted(order)


def test_online_groups_in_the_viewers_time(browser: Any, site: str,
                                           resources: list[Resource]) -> None:
    viewer = "America/New_York"
    ctx = browser.new_context(timezone_id=viewer, locale="en-US")
    try:
        page = open_finder(ctx, site, "?attendance=online")
        shown = all_rows(page, "online")
        assert shown
        by_id = {r.id: r for r in resources}
        check_times(shown, by_id, AT, viewer)
        starts = [r for r in shown if r["status"] == "upcoming" and r["text"].startswith("Starts at")]
        for r in starts:
            t = timing(by_id[r["id"]], AT, viewer)
            assert t.start is not None and r["text"] == f"Starts at {clock_text(t.start, viewer)}"
            if by_id[r["id"]].attendance == "online":
                assert r["next"].endswith("-05:00")  # the viewer's clock
    finally:
        ctx.close()


def test_in_person_rows_word_times_on_the_groups_clock(browser: Any, site: str,
                                                       resources: list[Resource]) -> None:
    """A viewer in New York, groups in Chicago: an in-person row's status line is on the
    group's clock, as its schedule line ("... CST") and data-next are; which rows are in
    progress, ahead or over still follows the viewer's day."""
    viewer = "America/New_York"
    ctx = browser.new_context(timezone_id=viewer, locale="en-US")
    try:
        page = open_finder(ctx, site, "?near=62701")
        by_id = {r.id: r for r in resources}
        shown = all_rows(page, "near") + earlier_rows(page, "near")
        worded = set()
        for row in shown:
            r = by_id[row["id"]]
            assert r.attendance != "online" and r.timezone == ZONE
            if not r.schedule:
                continue
            want = timing(r, AT, viewer)
            assert row["status"] == want.status, (row, want)
            assert want.start is not None and instant(row["next"]) == want.start, row
            assert instant(row["next"]).utcoffset() == timedelta(hours=-6), row  # its own clock
            if want.status == "in-progress":
                assert want.end is not None
                assert row["text"] == f"In progress, until {clock_text(want.end, ZONE)}", row
            elif row["text"].startswith("Starts at "):
                assert row["text"] == f"Starts at {clock_text(want.start, ZONE)}", row
            elif row["text"].startswith("Ended at "):
                end = datetime.strptime(row["text"][len("Ended at "):], "%I:%M %p")
                assert (end.hour, end.minute) < (AT.hour, AT.minute), row  # before 7:40 pm there
            else:
                continue
            worded.add(row["text"].split(",")[0].split(" at ")[0])
        assert {"In progress", "Starts", "Ended"} <= worded, worded
        when = page.locator("#fd-near-list li[data-id] .fd-when").first.inner_text()
        assert when.endswith("CST"), when
    finally:
        ctx.close()


# --------------------------------------------------------------------------- filters


def test_filters_offer_only_what_the_list_has(context: Any, site: str,
                                              resources: list[Resource]) -> None:
    page = open_finder(context, site, "?day=any")
    page.click("#fd-more")
    listed = [r for r in resources if r.status == "active"]
    programs = {p: sum(r.program == p for r in listed) for p in {r.program for r in listed}}
    options = page.eval_on_selector_all("#fd-program option", "os => os.filter(o => !o.hidden).map(o => [o.value, o.textContent])")
    assert {v for v, _ in options if v} == set(programs)
    for value, label in options:
        if value:
            assert label.endswith(f" ({programs[value]})"), label
    tags = {t: sum(t in r.tags for r in listed) for r in listed for t in r.tags}
    shown = page.eval_on_selector_all(
        "input[name=tag]", "bs => bs.filter(b => !b.parentNode.hidden).map(b => [b.value, b.parentNode.textContent])")
    assert {v for v, _ in shown} == set(tags)
    for value, label in shown:
        assert label.endswith(f"({tags[value]})"), label
    assert page.is_visible("#fd-attendance") and page.is_visible("#fd-time")


def test_a_filter_with_one_value_is_not_offered(browser: Any, serve_dir: Any,
                                                tmp_path: Path) -> None:
    from datetime import date, time

    from tests.helpers import build_site

    groups = [Resource(
        id=f"only-aa-{k}", name=f"Only Group {k}", kind="meeting", program="aa",
        attendance="in-person", timezone=ZONE, tags=("open", "speaker") if k else ("open",),
        schedule=(ScheduleSlot(days=("thu",), start=time(19 + k % 2)),),
        verified=date(2026, 10, 1),
        location=Location(place="Hall", address=f"{k} Main St", city="Springfield", region="IL",
                          postal_code="62701", country="US", lat=39.8 + k / 100, lon=-89.65))
        for k in range(4)]
    data = tmp_path / "resources.yaml"
    data.write_text(dump(Dataset(path="x.yaml", resources=groups)), encoding="utf-8")
    base = serve_dir(build_site(data, tmp_path / "site", build_date="2026-11-10"))
    ctx = browser.new_context(timezone_id=ZONE, locale="en-US")
    try:
        page = open_finder(ctx, base, "?day=any")
        page.click("#fd-more")
        assert page.is_hidden("#fd-program") and page.is_hidden("#fd-attendance")
        assert page.is_hidden("#fd-time")  # every group meets in the evening
        visible = page.eval_on_selector_all("input[name=tag]", "bs => bs.filter(b => !b.parentNode.hidden).map(b => b.value)")
        assert visible == ["speaker"]  # "open" is on every group: it would narrow nothing
    finally:
        ctx.close()


def test_an_empty_view_names_the_cause_and_the_way_out(context: Any, site: str) -> None:
    # group-001 (the only one mentioning a zebra) is 4.4 miles from 62701's centroid
    page = open_finder(context, site, "?near=62701&radius=1&day=any&q=zebra")
    page.wait_for_function("() => window.__finderTimings.notesLoaded")
    page.wait_for_selector("#fd-near-section .fd-empty button")
    # Material's own search (which also reads q= from the address) stays closed over it
    assert not page.evaluate("document.getElementById('__search').checked")
    assert "q=zebra" in page.url
    text = page.inner_text("#fd-near-section .fd-empty")
    assert "No in-person group within 1 mile of 62701 (Springfield, IL) matches these filters." in text
    way = page.locator("#fd-near-section .fd-empty button").first
    assert way.inner_text() == "Within 5 miles: the nearest is 4.4 miles away (1)"
    way.click()
    page.wait_for_function("() => location.search.includes('radius=5')")
    assert [r["id"] for r in all_rows(page, "near")] == ["group-001"]
    assert page.is_hidden("#fd-near-section .fd-empty")


# --------------------------------------------------------------------------- my groups


def test_my_groups_survive_a_reload_and_send_nothing(context: Any, site: str) -> None:
    requests: list[tuple[str, str]] = []
    context.on("request", lambda r: requests.append((r.method, r.url)))
    page = open_finder(context, site, "?near=62701&day=any")
    assert page.evaluate("Object.keys(localStorage)") == []
    assert page.is_hidden("#fd-mine-section")
    first = page.locator("#fd-near-list li[data-id]").nth(2)
    saved = first.get_attribute("data-id")
    first.locator("button.fd-save").click()
    assert first.locator("button.fd-save").get_attribute("aria-pressed") == "true"
    assert page.evaluate("Object.keys(localStorage)") == ["peer-directory:my-groups"]
    page.reload()
    page.wait_for_function("() => window.__finderTimings.firstResults")
    mine = rows(page, "#fd-mine-list li[data-id]")
    assert [r["id"] for r in mine] == [saved]
    assert mine[0]["next"] and mine[0]["text"]  # with its next meeting
    # first among the results
    order = page.evaluate("""() => ['#fd-mine-section', '#fd-near-section']
        .map(s => document.querySelector(s).getBoundingClientRect().top)""")
    assert order[0] < order[1]
    page.locator("#fd-mine-list button.fd-save").click()
    assert page.is_hidden("#fd-mine-section")
    assert page.evaluate("Object.keys(localStorage)") == []
    origin = site.rstrip("/") + "/"
    assert requests and all(m == "GET" and u.startswith(origin) for m, u in requests)
    assert not any(saved in u or "my-groups" in u for _, u in requests)


# --------------------------------------------------------------------------- entry points


def test_groups_near_me_on_the_home_page_is_one_tap(browser: Any, site: str) -> None:
    spot = (39.7817, -89.6501)
    ctx = browser.new_context(timezone_id=ZONE, locale="en-US", permissions=["geolocation"],
                              geolocation={"latitude": spot[0], "longitude": spot[1]},
                              **DEVICES["phone"])
    ctx.add_init_script("""
        window.__geoCalls = 0;
        const real = navigator.geolocation.getCurrentPosition.bind(navigator.geolocation);
        navigator.geolocation.getCurrentPosition = (...a) => { window.__geoCalls++; return real(...a); };
    """)
    try:
        page = ctx.new_page()
        page.clock.set_fixed_time(AT)
        page.goto(site)
        page.get_by_role("link", name="Groups near me", exact=True).click()
        page.wait_for_function("() => location.search.includes('lat=')")
        page.wait_for_function("() => document.querySelector('#fd-near-list li[data-distance]')")
        assert page.evaluate("window.__geoCalls") == 1
        assert urlsplit(page.url).fragment == ""  # a reload does not ask again
        p = parse_qs(urlsplit(page.url).query)
        assert (float(p["lat"][0]), float(p["lon"][0])) == (round(spot[0], 3), round(spot[1], 3))
        box = page.locator("#fd-near-list li[data-id]").first.bounding_box()
        assert box and 0 <= box["y"] < page.evaluate("innerHeight")
        assert "your location" in page.inner_text("#fd-near-title")
    finally:
        ctx.close()


def test_without_javascript_the_notice_comes_first(browser: Any, site: str) -> None:
    ctx = browser.new_context(java_script_enabled=False)
    try:
        page = ctx.new_page()
        page.goto(site + "find/")
        text = page.inner_text("article")
        after_title = text.split("Find a group", 1)[1].strip()
        assert after_title.startswith("The finder needs JavaScript"), after_title[:200]
        for hidden in ("#fd-form", "#fd-results", ".fd-intro", "#fd-summary"):
            assert page.is_hidden(hidden), hidden
        assert page.locator(".fd-nojs a").count() == 3
    finally:
        ctx.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_on_the_new_finder_states(browser: Any, site: str, scheme: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    ctx = browser.new_context(timezone_id=ZONE, locale="en-US", color_scheme=scheme,
                              **DEVICES["phone"])
    try:
        page = open_finder(ctx, site, "?near=62701&radius=25")
        page.locator("#fd-near-list button.fd-save").first.click()  # My groups shown
        # the save re-renders the lists: open "Earlier today" in the new one, not the old
        page.wait_for_selector("#fd-mine-list li[data-id]")
        earlier_rows(page, "near")  # "Earlier today" opened
        states = {"compact, saved group, earlier today": page}
        empty = open_finder(ctx, site, "?near=62701&radius=1&day=any&q=zebra")
        empty.wait_for_selector("#fd-near-section .fd-empty button")
        empty.click("#fd-change")
        empty.click("#fd-more")
        states["empty, form and more filters open"] = empty
        late = open_finder(ctx, site, "?near=62701&radius=25", at=AT.replace(hour=22, minute=40))
        late.wait_for_selector("#fd-near-tomorrow-list li")
        states["tomorrow morning"] = late
        for name, p in states.items():
            results = Axe().run(p)
            assert results.violations_count == 0, (name, results.generate_report())
    finally:
        ctx.close()


def test_a_group_page_saves_to_my_groups(context: Any, site: str) -> None:
    page = context.new_page()
    page.clock.set_fixed_time(AT)
    page.goto(site + "r/group-001/")
    button = page.get_by_role("button", name="Save to My groups")
    assert button.get_attribute("aria-pressed") == "false"
    assert page.evaluate("Object.keys(localStorage)") == []
    button.click()
    assert button.get_attribute("aria-pressed") == "true"
    assert "Saved on this device" in page.inner_text(".dir-save")
    page.goto(site + "find/")
    page.wait_for_selector("#fd-mine-list li[data-id]")
    assert [r["id"] for r in rows(page, "#fd-mine-list li[data-id]")] == ["group-001"]


def test_a_group_page_without_javascript_offers_no_save(browser: Any, site: str) -> None:
    ctx = browser.new_context(java_script_enabled=False)
    try:
        page = ctx.new_page()
        page.goto(site + "r/group-001/")
        assert page.locator(".dir-save").count() == 1 and page.is_hidden(".dir-save")
    finally:
        ctx.close()
