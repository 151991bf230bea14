"""Build-time geo: entries that have a postal code (or a known town) but no coordinates
get that centroid, marked approximate, so they still show up in distance search and
their page can say "approximate location". The data file is not touched."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from generator.format.model import Dataset, Location, Resource

from .gazetteer import Centroid, dataset_town_centroids, postal_centroid, town_centroid, town_key


def centroid_for(loc: Location,
                 own_towns: Callable[[], dict[tuple[str, str, str], Centroid]]
                 ) -> Centroid | None:
    """Postal-code centroid first, then the bundled town centroid, then the median of
    the dataset's own entries in that town (works outside the US too). `own_towns` is
    called only when the first two fail."""
    country = loc.country
    found = postal_centroid(loc.postal_code, country) if loc.postal_code else None
    if found is None and loc.city:
        found = (town_centroid(loc.city, loc.region, country)
                 or own_towns().get(town_key(loc.city, loc.region, country)))
    return found


class TownCentroids:
    """The dataset's own town centroids, computed on first use and then kept."""

    def __init__(self, dataset: Dataset):
        self.dataset = dataset
        self.towns: dict[tuple[str, str, str], Centroid] | None = None

    def __call__(self) -> dict[tuple[str, str, str], Centroid]:
        if self.towns is None:
            self.towns = dataset_town_centroids(self.dataset)
        return self.towns


def with_centroids(dataset: Dataset) -> Dataset:
    """A Dataset where every in-person/hybrid entry without coordinates but with a known
    postal code or town has approximate coordinates. Entries that need nothing are the
    same objects; the others are copies (positions kept), so the input is unchanged."""
    own_towns = TownCentroids(dataset)
    out: list[Resource] = []
    changed = False
    for r in dataset.resources:
        loc = r.location
        if not r.is_in_person or loc is None or loc.has_coordinates:
            out.append(r)
            continue
        found = centroid_for(loc, own_towns)
        if found is None:
            out.append(r)
            continue
        new_loc = replace(loc, lat=found.lat, lon=found.lon, approximate=True)
        out.append(replace(r, location=new_loc))
        changed = True
    if not changed:
        return dataset
    return replace(dataset, resources=out)
