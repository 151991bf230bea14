"""Writes examples/resources.yaml: the clearly fictional sample region for demos and tests.

Every group in it is invented; the towns and postal codes are real so that distance search
works. Run: python tools/make_examples.py
"""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

from generator.format.model import (
    Contact,
    Dataset,
    Defaults,
    Location,
    Online,
    Resource,
    ScheduleSlot,
)
from generator.format.yaml_writer import dump

T = time
SRC = "Fictional sample data"
NOTE = "Fictional sample entry for demonstrations; this group does not exist."


def loc(place: str, address: str, city: str, zip_code: str, lat: float, lon: float,
        **kw: object) -> Location:
    return Location(place=place, address=address, city=city, region="IL",
                    postal_code=zip_code, country="US", lat=lat, lon=lon, **kw)  # type: ignore[arg-type]


def weekly(days: str, start: T, end: T | None = None) -> ScheduleSlot:
    return ScheduleSlot(days=tuple(days.split()), start=start, end=end)


E: list[Resource] = [
    Resource("sample-springfield-tuesday-hope", "Tuesday Night Hope Group (sample)", "meeting", "aa",
             "in-person", schedule=(weekly("tue", T(19), T(20)),),
             location=loc("Sample Church Hall", "100 Example St", "Springfield", "62701", 39.8012, -89.6441,
                          directions="Side door, downstairs"),
             tags=("open", "wheelchair", "speaker"), description=NOTE, verified=date(2026, 10, 1),
             source=SRC, aliases=("sample-tuesday-hope",)),
    Resource("sample-springfield-early-bird", "Early Bird Sample Group", "meeting", "aa", "in-person",
             schedule=(weekly("mon tue wed thu fri", T(7), T(8)),),
             location=loc("Sample Alano Club", "200 Demo Ave", "Springfield", "62702", 39.8301, -89.6503),
             tags=("open", "discussion", "newcomer"), description=NOTE, verified=date(2026, 9, 12), source=SRC),
    Resource("sample-springfield-grupo-nueva-vida", "Grupo Nueva Vida (muestra)", "meeting", "aa", "in-person",
             schedule=(weekly("wed sat", T(19, 30), T(21)),),
             location=loc("Centro Comunitario de Ejemplo", "300 Sample Rd", "Springfield", "62703", 39.7644, -89.6302),
             tags=("spanish", "open"), description="Reunión ficticia de ejemplo. " + NOTE,
             verified=date(2026, 8, 30), source=SRC),
    Resource("sample-springfield-women-step-study", "Women's Step Study (sample)", "meeting", "aa", "hybrid",
             schedule=(weekly("thu", T(18), T(19, 30)),),
             location=loc("Sample Library, Room B", "400 Placeholder Blvd", "Springfield", "62704", 39.7730, -89.6860),
             online=Online(url="https://example.org/sample/women-step-study", notes="Passcode from the secretary"),
             tags=("women", "step-study", "closed"), description=NOTE, verified=date(2026, 10, 20), source=SRC),
    Resource("sample-springfield-na-clean-and-free", "Clean and Free Sample Group", "meeting", "na", "in-person",
             schedule=(weekly("sun", T(17), T(18, 30)), weekly("wed", T(20), T(21))),
             location=loc("Sample Recovery Center", "500 Example St", "Springfield", "62701", 39.7985, -89.6510),
             tags=("open", "newcomer", "young-people"), description=NOTE, verified=date(2026, 7, 2), source=SRC),
    Resource("sample-springfield-na-late-night", "Late Night Sample NA", "meeting", "na", "in-person",
             schedule=(weekly("fri sat", T(23), T(0, 30)),),
             location=loc("Sample Alano Club", "200 Demo Ave", "Springfield", "62702", 39.8301, -89.6503),
             tags=("open",), description="Runs past midnight. " + NOTE, source=SRC),
    Resource("sample-springfield-smart", "SMART Recovery Springfield (sample)", "meeting", "smart", "hybrid",
             schedule=(weekly("mon", T(18, 30), T(20)),),
             location=loc("Sample Wellness Center", "600 Demo Ave", "Springfield", "62704", 39.7760, -89.6720),
             online=Online(url="https://example.org/sample/smart-springfield"),
             tags=("secular", "open"), description=NOTE, verified=date(2026, 10, 5), source=SRC),
    Resource("sample-springfield-al-anon-serenity", "Serenity Sample Al-Anon", "meeting", "al-anon", "in-person",
             schedule=(weekly("tue", T(12), T(13)),),
             location=loc("Sample Lutheran Church", "700 Example St", "Springfield", "62702", 39.8240, -89.6400),
             tags=("family", "open"), description=NOTE, verified=date(2026, 9, 1), source=SRC),
    Resource("sample-springfield-dharma", "Recovery Dharma Sample Sangha", "meeting", "recovery-dharma",
             "in-person", schedule=(weekly("sun", T(10), T(11, 30)),),
             location=loc("Sample Yoga Studio", "800 Placeholder Blvd", "Springfield", "62703", 39.7600, -89.6200),
             tags=("meditation", "lgbtq"), description=NOTE, verified=date(2026, 6, 15), source=SRC),
    Resource("sample-springfield-lifering", "LifeRing Sample Meeting", "meeting", "lifering", "in-person",
             status="temporarily-closed", schedule=(weekly("thu", T(19), T(20)),),
             location=loc("Sample Community Room", "900 Demo Ave", "Springfield", "62701", 39.8050, -89.6550),
             tags=("secular",), description="Closed while the room is repainted. " + NOTE,
             verified=date(2026, 10, 28), source=SRC),
    Resource("sample-springfield-celebrate", "Celebrate Recovery Sample Night", "meeting", "celebrate-recovery",
             "in-person", schedule=(weekly("fri", T(18, 30), T(21)),),
             location=loc("Sample Community Church", "1000 Example St", "Springfield", "62704", 39.7700, -89.7000),
             tags=("child-friendly", "open"), description=NOTE, verified=date(2026, 9, 20), source=SRC),
    Resource("sample-springfield-monthly-speaker", "First and Third Monday Speakers (sample)", "meeting", "aa",
             "in-person",
             schedule=(ScheduleSlot(("mon",), T(19), T(20, 30), every="month", weeks=(1, 3)),),
             location=loc("Sample Church Hall", "100 Example St", "Springfield", "62701", 39.8012, -89.6441),
             tags=("speaker", "open"), description=NOTE, verified=date(2026, 10, 1), source=SRC),
    Resource("sample-springfield-last-friday", "Last Friday Potluck (sample)", "meeting", "aa", "in-person",
             schedule=(ScheduleSlot(("fri",), T(18), T(20), every="month", weeks=(-1,)),),
             location=loc("Sample Alano Club", "200 Demo Ave", "Springfield", "62702", 39.8301, -89.6503),
             tags=("open",), description=NOTE, verified=date(2026, 10, 1), source=SRC),
    Resource("sample-springfield-biweekly-cma", "Every Other Wednesday CMA (sample)", "meeting", "cma",
             "in-person",
             schedule=(ScheduleSlot(("wed",), T(19), T(20), every="2 weeks", from_=date(2026, 10, 7)),),
             location=loc("Sample Recovery Center", "500 Example St", "Springfield", "62701", 39.7985, -89.6510),
             tags=("lgbtq", "open"), description=NOTE, source=SRC),
    Resource("sample-chatham-noon", "Chatham Noon Sample Group", "meeting", "aa", "in-person",
             schedule=(weekly("mon wed fri", T(12), T(13)),),
             location=loc("Sample Village Hall", "10 Sample Rd", "Chatham", "62629", 39.6760, -89.7040),
             tags=("open", "big-book"), description=NOTE, verified=date(2026, 9, 9), source=SRC),
    Resource("sample-rochester-wfs", "Women for Sobriety Rochester (sample)", "meeting", "women-for-sobriety",
             "in-person", schedule=(weekly("sat", T(9), T(10, 30)),),
             location=loc("Sample Library", "20 Demo Ave", "Rochester", "62563", 39.7170, -89.5660),
             tags=("women",), description=NOTE, verified=date(2026, 5, 3), source=SRC),
    Resource("sample-decatur-ca", "Decatur Sample CA", "meeting", "ca", "in-person",
             schedule=(weekly("tue thu", T(19), T(20)),),
             location=loc("Sample Hospital Conference Room", "30 Example St", "Decatur", "62521", 39.8400, -88.9500),
             tags=("open", "wheelchair"), description=NOTE, verified=date(2026, 10, 11), source=SRC),
    Resource("sample-decatur-na-asl", "Decatur NA with ASL (sample)", "meeting", "na", "in-person",
             schedule=(weekly("sat", T(14), T(15)),),
             location=loc("Sample Deaf Community Center", "40 Demo Ave", "Decatur", "62522", 39.8450, -88.9850),
             tags=("asl", "open", "wheelchair"), description=NOTE, verified=date(2026, 4, 18), source=SRC),
    Resource("sample-jacksonville-inactive", "Jacksonville Sample Group (no longer meets)", "meeting", "aa",
             "in-person", status="inactive", schedule=(weekly("sun", T(19), T(20)),),
             location=loc("Sample Church", "50 Sample Rd", "Jacksonville", "62650", 39.7350, -90.2300),
             description=NOTE, verified=date(2026, 3, 1), source=SRC),
    Resource("sample-online-night-owls", "Night Owls Online (sample)", "meeting", "aa", "online",
             schedule=(weekly("sun mon tue wed thu fri sat", T(22), T(23)),),
             online=Online(url="https://example.org/sample/night-owls", phone="+1 555 0100",
                           notes="Phone dial-in passcode 0000 (sample)"),
             tags=("open", "discussion"), description=NOTE, verified=date(2026, 10, 15), source=SRC),
    Resource("sample-online-morning-smart", "Morning SMART Online (sample)", "meeting", "smart", "online",
             timezone="America/New_York", schedule=(weekly("mon wed fri", T(8), T(9)),),
             online=Online(url="https://example.org/sample/morning-smart"),
             tags=("secular",), description=NOTE, verified=date(2026, 10, 2), source=SRC),
    Resource("sample-springfield-sober-climbing", "Sober Climbing Night (sample)", "community", "the-phoenix",
             "in-person", schedule=(weekly("wed", T(18), T(20)),),
             location=loc("Sample Climbing Gym", "60 Demo Ave", "Springfield", "62702", 39.8200, -89.6600),
             tags=("outdoor", "young-people"), description=NOTE, verified=date(2026, 10, 9), source=SRC),
    Resource("sample-springfield-peer-coach", "Sample Peer Recovery Coaching", "coaching", "other", "hybrid",
             location=loc("Sample Recovery Community Organization", "70 Example St", "Springfield", "62701",
                          39.7990, -89.6470),
             online=Online(phone="+1 555 0199", notes="Call to book a free session (sample)"),
             contact=Contact(website="https://example.org/sample/coaching", email="coach@example.org"),
             description=NOTE, verified=date(2026, 9, 28), source=SRC),
    Resource("sample-springfield-warmline", "Sample Recovery Warmline", "helpline", "other", "online",
             online=Online(phone="+1 555 0142", notes="Peers answer 8 am - 10 pm (sample)"),
             description=NOTE, source=SRC),
]


def main() -> None:
    header = ("# yaml-language-server: $schema=../resources.schema.json\n"
              "# A CLEARLY FICTIONAL sample region for demos and tests. Every group below is\n"
              "# invented; the towns and postal codes are real so that distance search works.")
    text = dump(Dataset("examples/resources.yaml", E, Defaults("America/Chicago", "US", "IL")), header)
    Path(__file__).resolve().parent.parent.joinpath("examples", "resources.yaml").write_text(text)


if __name__ == "__main__":
    main()
