"""`geocode [FILE]`: fill missing lat/lon of in-person and hybrid entries.

Looks each address up with a geopy geocoder (Nominatim by default, one request per
second at most), keeps every answer in `geocode-cache.json` beside the file so nothing
is asked twice, and writes only the `lat:`/`lon:`/`approximate:` lines into the file:
comments, order and quoting of everything else stay as they were.

    python -m generator geocode resources.yaml --dry-run     # show the changes
    python -m generator geocode resources.yaml --offline     # postal-code centroids
    python -m generator geocode --geocoder photon             # another geopy service
    python -m generator geocode --geocoder googlev3 --option api_key=...
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from timeit import default_timer

from geopy import exc as geopy_exc

from generator.commands.geocode_cache import CacheError, GeocodeCache, default_cache_path
from generator.commands.geocode_fill import fill_file

from ..geo.geocoding import DEFAULT_SERVICE, DEFAULT_USER_AGENT, MIN_DELAY, Geocoding, make_geocoder

# Read at call time, so tests can pace the rate limiter with a fake clock.
CLOCK = default_timer
SLEEP = time.sleep


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg,unused-ignore]
    p = sub.add_parser(
        "geocode", help="fill missing lat/lon (geopy, cached, file layout kept)",
        description="Fill missing coordinates of in-person and hybrid entries, writing "
                    "only their lat/lon lines into the file.")
    p.add_argument("file", nargs="?", default="resources.yaml",
                   help="the data file (default: resources.yaml)")
    p.add_argument("--offline", action="store_true",
                   help="no network: use cached answers, else the bundled postal-code "
                        "(or town) centroid, marked approximate: true")
    p.add_argument("--dry-run", action="store_true",
                   help="print the changes as a diff; write nothing (not even the cache)")
    p.add_argument("--geocoder", default=DEFAULT_SERVICE, metavar="NAME",
                   help="any geopy service name: nominatim (default), photon, arcgis, "
                        "googlev3, opencage...")
    p.add_argument("--option", action="append", default=[], metavar="KEY=VALUE",
                   help="passed to the geocoder, e.g. api_key=... or domain=... "
                        "(repeatable)")
    p.add_argument("--user-agent", default=DEFAULT_USER_AGENT,
                   help="identify yourself to the service; Nominatim asks for a contact "
                        "(default: %(default)s)")
    p.add_argument("--timeout", type=float, default=10.0, metavar="SECONDS",
                   help="per request (default 10)")
    p.add_argument("--delay", type=float, default=MIN_DELAY, metavar="SECONDS",
                   help=f"between requests, at least {MIN_DELAY} (default {MIN_DELAY})")
    p.add_argument("--cache", default=None, metavar="PATH",
                   help="the answers file (default: geocode-cache.json beside FILE)")
    p.add_argument("--retry-not-found", action="store_true",
                   help="ask again for addresses the service found nothing for before")
    p.set_defaults(func=run)


def _options(pairs: list[str]) -> dict[str, str] | None:
    options = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            return None
        options[key.strip()] = value
    return options


def run(args: argparse.Namespace) -> int:
    # geopy logs each retry with a traceback; the outcome is reported per entry instead.
    logging.getLogger("geopy").setLevel(logging.ERROR)
    if not os.path.lexists(args.file):  # FIFO, link, folder: the reader says why
        print(f"{args.file}: error: no such file", file=sys.stderr)
        return 2
    if args.delay < MIN_DELAY:
        print(f"error: --delay must be at least {MIN_DELAY} seconds", file=sys.stderr)
        return 2
    options = _options(args.option)
    if options is None:
        print("error: --option takes KEY=VALUE, e.g. --option api_key=abc", file=sys.stderr)
        return 2
    try:
        cache = GeocodeCache.load(args.cache or default_cache_path(args.file))
    except CacheError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    geocoder = None
    if not args.offline:
        try:
            geocoder = make_geocoder(args.geocoder, user_agent=args.user_agent,
                                     timeout=args.timeout, options=options)
        except geopy_exc.GeocoderNotFound:
            print(f"error: `{args.geocoder}` is not a geopy geocoder; try nominatim, "
                  "photon, arcgis, googlev3 or opencage", file=sys.stderr)
            return 2
        except (geopy_exc.ConfigurationError, TypeError) as exc:
            print(f"error: cannot set up {args.geocoder}: {exc} (missing --option "
                  "api_key=...?)", file=sys.stderr)
            return 2
    geocoding = Geocoding(geocoder, args.geocoder.lower(), cache, delay=args.delay,
                          clock=CLOCK, sleep=SLEEP, retry_not_found=args.retry_not_found)
    return fill_file(args.file, geocoding, offline=args.offline, dry_run=args.dry_run,
                     out=sys.stdout, err=sys.stderr)
