"""Asking a geopy geocoder, politely: cache first, at most one request per second through
geopy's RateLimiter, answers judged for precision, failures classified.

The geocoder is any `geopy.geocoders.base.Geocoder`; `make_geocoder` builds one by its
geopy service name (Nominatim by default). Tests pass a fake geocoder and a fake clock,
so the network is never touched outside a real `geocode` run.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date
from timeit import default_timer
from typing import Any

from geopy import exc as geopy_exc
from geopy.extra.rate_limiter import RateLimiter
from geopy.geocoders import get_geocoder_for_service
from geopy.geocoders.base import Geocoder

from generator.commands.geocode_cache import Answer, GeocodeCache

from .. import __version__

DEFAULT_SERVICE = "nominatim"
DEFAULT_USER_AGENT = (f"peer-support-directory/{__version__} "
                      "(geocode command of a recovery peer-support directory)")
MIN_DELAY = 1.0  # seconds between requests: Nominatim's usage policy, and polite elsewhere

# Nominatim / Photon / Pelias place types that mean "somewhere in this town", not a door.
_AREA_TYPES = frozenset({
    "country", "state", "region", "province", "county", "state_district", "district",
    "municipality", "city", "town", "village", "hamlet", "suburb", "quarter",
    "neighbourhood", "city_district", "borough", "postcode", "locality", "island",
    "administrative", "localadmin", "macrocounty", "macroregion", "neighborhood",
})
_REFUSALS = (geopy_exc.GeocoderQuotaExceeded, geopy_exc.GeocoderAuthenticationFailure,
             geopy_exc.GeocoderInsufficientPrivileges)


class LookupFailed(Exception):
    """The service gave no usable answer this time (nothing is cached). `refused` means
    it will not answer further requests either (quota, key, permissions)."""

    def __init__(self, message: str, refused: bool = False):
        super().__init__(message)
        self.refused = refused


def make_geocoder(service: str = DEFAULT_SERVICE, *, user_agent: str = DEFAULT_USER_AGENT,
                  timeout: float = 10, options: dict[str, str] | None = None) -> Geocoder:
    """A geopy geocoder by service name (`nominatim`, `photon`, `arcgis`, `googlev3`...);
    `options` are passed to its constructor (api_key=..., domain=...)."""
    cls = get_geocoder_for_service(service)  # raises GeocoderNotFound for unknown names
    geocoder: Geocoder = cls(user_agent=user_agent, timeout=timeout, **(options or {}))
    return geocoder


def is_approximate(raw: Any) -> bool:
    """True when a geocoder's raw answer names an area (town, postcode, county) rather
    than a building or street. Understands Nominatim (`addresstype`, `class`/`type`,
    `place_rank`), Photon/Pelias (`properties.type`/`layer`), Google
    (`geometry.location_type`) and ArcGIS (`attributes.Addr_type`); unknown shapes count
    as precise."""
    if not isinstance(raw, dict):
        return False
    rank = raw.get("place_rank")
    if isinstance(rank, int | float | str) and str(rank).isdigit():
        return int(rank) < 26  # 26+ is a street, 30 a house (Nominatim's search ranks)
    kind = raw.get("addresstype") or (
        raw.get("type") if raw.get("class") in ("place", "boundary") else None)
    if kind:
        return str(kind) in _AREA_TYPES
    props = raw.get("properties")
    if isinstance(props, dict):
        kind = props.get("type") or props.get("layer")
        return str(kind) in _AREA_TYPES
    geometry = raw.get("geometry")
    if isinstance(geometry, dict) and "location_type" in geometry:
        return geometry["location_type"] in ("APPROXIMATE", "GEOMETRIC_CENTER")
    attributes = raw.get("attributes")
    if isinstance(attributes, dict) and "Addr_type" in attributes:
        return attributes["Addr_type"] not in ("PointAddress", "StreetAddress",
                                               "StreetInt", "POI", "Subaddress")
    return False


class _RateLimiter(RateLimiter):
    """geopy's RateLimiter with its clock and sleep injectable (geopy reads them through
    these two methods), so tests check the pacing without waiting."""

    def __init__(self, func: Callable[..., Any], *, clock: Callable[[], float],
                 sleep: Callable[[float], None], **kwargs: Any):
        super().__init__(func, **kwargs)
        self._clock_fn, self._sleep_fn = clock, sleep

    def _clock(self) -> float:
        return self._clock_fn()

    def _sleep(self, seconds: float) -> None:
        self._sleep_fn(seconds)


class Geocoding:
    """Cache first; then the geocoder, rate-limited and retried on transient errors.

    `lookup` returns an Answer, None when the service found nothing (cached as such), or
    raises LookupFailed. After a refusal every later lookup fails at once instead of
    hammering a service that said no."""

    def __init__(self, geocoder: Geocoder | None, service: str, cache: GeocodeCache, *,
                 delay: float = MIN_DELAY, max_retries: int = 2, error_wait: float = 5.0,
                 clock: Callable[[], float] = default_timer,
                 sleep: Callable[[float], None] = time.sleep,
                 retry_not_found: bool = False, today: date | None = None):
        if delay < MIN_DELAY:
            raise ValueError(f"delay must be at least {MIN_DELAY} s between requests")
        self.service, self.cache = service, cache
        self.retry_not_found = retry_not_found
        self.today = (today or date.today()).isoformat()
        self.requests = 0  # queries sent to the service (retries not counted)
        self.refusal: str | None = None
        self._geocode = None if geocoder is None else _RateLimiter(
            geocoder.geocode, min_delay_seconds=delay, max_retries=max_retries,
            error_wait_seconds=max(error_wait, delay), swallow_exceptions=False,
            clock=clock, sleep=sleep)

    def cached(self, query: str) -> tuple[bool, Answer | None]:
        known, answer = self.cache.get(self.service, query)
        if known and answer is None and self.retry_not_found:
            return False, None
        return known, answer

    def lookup(self, query: str) -> Answer | None:
        known, answer = self.cached(query)
        if known:
            return answer
        if self._geocode is None:
            raise LookupFailed("not in the geocode cache, and --offline was given")
        if self.refusal:
            raise LookupFailed(f"not asked: {self.service} refused earlier ({self.refusal})",
                               refused=True)
        self.requests += 1
        try:
            found = self._geocode(query, exactly_one=True)
        except _REFUSALS as exc:
            self.refusal = _describe(exc)
            raise LookupFailed(f"{self.service} refused: {self.refusal}", refused=True) from exc
        except geopy_exc.GeopyError as exc:
            raise LookupFailed(f"{self.service} failed: {_describe(exc)}") from exc
        if isinstance(found, list):  # a geocoder ignoring exactly_one
            found = found[0] if found else None
        if found is None:
            self.cache.put(self.service, query, None)
            return None
        answer = Answer(round(float(found.latitude), 6), round(float(found.longitude), 6),
                        is_approximate(found.raw), str(found.address or ""), self.today)
        self.cache.put(self.service, query, answer)
        return answer


def _describe(exc: Exception) -> str:
    kinds = {geopy_exc.GeocoderTimedOut: "timed out",
             geopy_exc.GeocoderUnavailable: "service unavailable",
             geopy_exc.GeocoderRateLimited: "too many requests",
             geopy_exc.GeocoderQuotaExceeded: "quota exceeded",
             geopy_exc.GeocoderAuthenticationFailure: "authentication failed (API key?)",
             geopy_exc.GeocoderInsufficientPrivileges: "not allowed (API key permissions?)",
             geopy_exc.GeocoderQueryError: "query rejected"}
    for cls, label in kinds.items():
        if isinstance(exc, cls):
            detail = str(exc).strip()
            return f"{label}: {detail}" if detail else label
    return str(exc).strip() or type(exc).__name__
