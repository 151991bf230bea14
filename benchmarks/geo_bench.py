"""Benchmark of the geo helpers on synthetic entries clustered like real meeting lists.

`python benchmarks/geo_bench.py [COUNT]` prints the timings; `bench_nearest(count)` returns
them for benchmarks/run.py. Points: real US ZIP centroids, most entries packed into a few
hundred metro areas (some sharing one building), the rest spread thin, so both dense and
empty cells are exercised.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.format.model import Location, Resource
from generator.geo.gazetteer import us_centroids  # noqa: E402
from generator.geo.nearby import nearest  # noqa: E402


def synthetic_points(count: int, seed: int = 1) -> list[Resource]:
    rng = random.Random(seed)
    zips = us_centroids()
    metros = rng.sample(zips, 300)
    out: list[Resource] = []
    for i in range(count):
        roll = rng.random()
        if roll < 0.7:  # a metro: within ~15 miles of its centre
            c = rng.choice(metros)
            lat, lon = c.lat + rng.gauss(0, 0.1), c.lon + rng.gauss(0, 0.12)
        elif roll < 0.8 and out:  # same building as an earlier entry
            prev = rng.choice(out).location
            assert prev is not None and prev.lat is not None and prev.lon is not None
            lat, lon = prev.lat, prev.lon
        else:  # anywhere there is a ZIP
            c = rng.choice(zips)
            lat, lon = c.lat + rng.uniform(-0.02, 0.02), c.lon + rng.uniform(-0.02, 0.02)
        status = "active" if rng.random() < 0.9 else "inactive"
        out.append(Resource(
            id=f"r{i}", name=f"Group {i}", kind="meeting", program="aa",
            attendance=rng.choice(("in-person", "in-person", "hybrid")), status=status,
            location=Location(lat=round(lat, 6), lon=round(lon, 6)),
        ))
    return out


def bench_nearest(count: int = 100_000, seed: int = 1, k: int = 5, max_miles: float = 50,
                  data: str = "clustered") -> dict[str, float | int | str]:
    """Time to compute nearby alternatives for `count` entries: `data` is "clustered"
    (this module's points) or "synth" (generator.synth, the build benchmark's data).
    CPU seconds are reported too: wall time on a shared machine varies a lot."""
    if data == "synth":
        from generator.synth import generate

        resources = generate(count, seed).resources
    else:
        resources = synthetic_points(count, seed)
    wall, cpu = time.perf_counter(), time.process_time()
    result = nearest(resources, k=k, max_miles=max_miles)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    queries = len(result)
    return {"data": data, "entries": count, "queries": queries,
            "seconds": round(wall, 3), "cpu_seconds": round(cpu, 3),
            "us_per_query": round(cpu / max(queries, 1) * 1e6, 1),
            "with_alternatives": sum(1 for v in result.values() if v)}


if __name__ == "__main__":
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    for kind in sys.argv[2:] or ["clustered", "synth"]:
        print(bench_nearest(n, data=kind))
