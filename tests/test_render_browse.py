"""Browse pages: by day and time, places (country → region → town), programs, online."""

from __future__ import annotations

import re
from datetime import time

from generator.build.context import SiteContext
from generator.format.model import Dataset, Defaults, Location, Online, Resource, ScheduleSlot
from generator.render import browse, collections, places
from generator.render.html import slug
from generator.render.site import SiteModel


def res(ident: str, *, days: str = "tue", start: str = "19:00", city: str = "Springfield",
        region: str = "IL", country: str = "", program: str = "aa", status: str = "active",
        attendance: str = "in-person", zone: str = "America/Chicago", kind: str = "meeting",
        every: str = "week", weeks: tuple[int, ...] = ()) -> Resource:
    slots = (ScheduleSlot(days=tuple(days.split()), start=time.fromisoformat(start),
                          every=every, weeks=weeks),) if days else ()
    location = (Location(place=f"{ident} hall", address="1 Main St", city=city, region=region,
                         country=country) if attendance != "online" else None)
    online = Online(url=f"https://example.org/{ident}") if attendance != "in-person" else None
    return Resource(id=ident, name=ident.replace("-", " ").title(), kind=kind, program=program,
                    attendance=attendance, status=status, schedule=slots, timezone=zone,
                    location=location, online=online)


def dataset(*resources: Resource) -> Dataset:
    return Dataset(path="resources.yaml", resources=list(resources),
                   defaults=Defaults(timezone="America/Chicago", country="US"))


def order_of(html: str) -> list[str]:
    return re.findall(r'href="[./]*r/([a-z0-9-]+)/"', html)


def day_sections(html: str) -> list[str]:
    return re.findall(r'<h2 id="day-([a-z]+)">', html)


def test_grouped_by_day_sunday_first_and_sorted_by_time() -> None:
    items = [res("late", days="mon", start="20:00"), res("early", days="mon", start="07:00"),
             res("sunday", days="sun", start="18:00"), res("both", days="mon sat", start="12:00"),
             res("hotline", days="", kind="helpline", attendance="online")]
    html = browse.by_day(items, "../../")
    assert day_sections(html) == ["sun", "mon", "sat", "any"]
    assert order_of(html) == ["sunday", "early", "both", "late", "both", "hotline"]
    assert 'href="../../r/early/"' in html
    assert "7:00 am" in html and "Helpline" in html


def test_inactive_left_out_closed_marked() -> None:
    html = browse.by_day([res("gone", status="inactive"),
                          res("paused", status="temporarily-closed")], "")
    assert "gone" not in order_of(html)
    assert order_of(html) == ["paused"]
    assert "temporarily closed" in html and 'class="dir-closed"' in html
    assert browse.by_day([res("gone", status="inactive")], "") == (
        '<p class="dir-empty">Nothing listed here at the moment.</p>')


def test_monthly_and_fortnightly_say_so_in_lists() -> None:
    html = browse.by_day([res("m", days="mon", every="month", weeks=(1, 3)),
                          res("f", days="wed", every="2 weeks")], "")
    assert "(1st and 3rd Monday)" in html
    assert "(every other Wednesday)" in html


def test_online_list_shows_each_zone_and_orders_by_instant() -> None:
    ds = dataset(res("ny-8pm", start="20:00", attendance="online", zone="America/New_York"),
                 res("chi-7-30pm", start="19:30", attendance="online"),
                 res("la-5pm", start="17:00", attendance="hybrid", zone="America/Los_Angeles"),
                 res("in-person-only", start="18:00"))
    html = collections.online_html(ds, "../")
    # 8 pm Eastern is 7 pm Central, before 7:30 pm Central; 5 pm Pacific is 7 pm Central
    # too, after 8 pm Eastern by name order.
    assert order_of(html) == ["la-5pm", "ny-8pm", "chi-7-30pm"]
    assert "8:00 pm Eastern time" in html and "7:30 pm Central time" in html
    assert "5:00 pm Pacific time" in html
    assert "in-person-only" not in html


def test_place_tree_slugs_and_pages() -> None:
    ds = dataset(res("a", city="St. Louis", region="MO"), res("b", city="Springfield"),
                 res("c", city="springfield"), res("d", city="Peñasco", region="NM"),
                 res("e", attendance="online"), res("f", city="Toronto", region="ON",
                                                    country="CA"))
    tree = places.tree(ds)
    assert [c.slug for c in tree] == ["ca", "us"]
    us = tree[1]
    assert list(us.regions) == ["il", "mo", "nm"]
    assert [r.name for r in us.regions.values()] == ["Illinois", "Missouri", "New Mexico"]
    # Spellings that differ in case are two towns (one cannot title the other's page);
    # the plain slug goes to the most used spelling, ties to the first by name.
    towns = us.regions["il"].towns
    assert list(towns) == ["springfield", "springfield-" + places.digest("springfield")]
    assert [t.name for t in towns.values()] == ["Springfield", "springfield"]
    assert [len(t.resources) for t in towns.values()] == [1, 1]
    assert places.town_path(ds.resources[2], ds) == f"places/us/il/{list(towns)[1]}/"
    assert list(us.regions["mo"].towns) == ["st-louis"]
    assert list(us.regions["nm"].towns) == ["penasco"]
    paths = [p.path for p in places.pages(tree)]
    assert "places/us/mo/st-louis/" in paths and "places/ca/on/toronto/" in paths
    assert "places/us/il/" in paths and "places/us/" in paths
    town = next(p for p in places.pages(tree) if p.path == "places/us/il/springfield/")
    assert town.title == "Springfield, IL"
    assert 'href="../../../../r/b/"' in town.body
    assert 'aria-label="Breadcrumb"' in town.body
    assert 'href="../../../../find/?near=Springfield%2C%20IL"' in town.body
    assert places.town_path(ds.resources[0], ds) == "places/us/mo/st-louis/"
    assert places.town_path(ds.resources[4], ds) is None


def test_places_index_links() -> None:
    ds = dataset(res("a", city="Decatur"), res("b", city="Springfield"))
    html = places.index_html(places.tree(ds), "../")
    assert 'href="../places/us/il/decatur/"' in html
    assert 'href="../places/us/il/springfield/"' in html
    assert html.index("Decatur") < html.index("Springfield")
    assert "No in-person groups" in places.index_html([], "../")


def test_program_pages_in_vocabulary_order() -> None:
    ds = dataset(res("n", program="na"), res("a", program="aa"), res("s", program="smart"),
                 res("gone", program="lifering", status="inactive"))
    groups = collections.by_program(ds)
    assert list(groups) == ["aa", "na", "smart"]
    pages = list(collections.program_pages(groups))
    assert [p.path for p in pages] == ["programs/aa/", "programs/na/", "programs/smart/"]
    assert pages[0].title == "Alcoholics Anonymous"
    assert 'href="../../find/?program=aa"' in pages[0].body
    links = collections.program_links(groups, "")
    assert 'href="programs/na/"' in links and "lifering" not in links


def test_slug() -> None:
    assert slug("St. Louis") == "st-louis"
    assert slug("Peñasco") == "penasco"
    assert slug("") == "other"
    assert slug("<script>") == "script"


def test_markers_filled_with_root_relative_links() -> None:
    ds = dataset(res("a"), res("b", program="na", attendance="online"))
    model = SiteModel(SiteContext(dataset=ds))
    home = model.fill_markers("<p>x</p><!-- directory:programs --><!-- directory:count -->", "")
    assert 'href="programs/aa/"' in home and home.endswith("2")
    sub = model.fill_markers("<!-- directory:places -->", "places/")
    assert 'href="../places/us/il/springfield/"' in sub
    online = model.fill_markers("<!-- directory:online -->", "online/")
    assert order_of(online) == ["b"]
    assert model.fill_markers("<p>no markers</p>", "x/") == "<p>no markers</p>"


def test_site_model_pages_cover_every_entry_once() -> None:
    ds = dataset(*(res(f"g{i}", city=f"Town {i % 3}") for i in range(9)))
    pages = list(SiteModel(SiteContext(dataset=ds)).pages())
    resource_paths = [p.path for p in pages if p.path.startswith("r/")]
    assert resource_paths == [f"r/g{i}/" for i in range(9)]
    assert len({p.path for p in pages}) == len(pages)
    assert {p.depth for p in pages} == {2, 3, 4}
