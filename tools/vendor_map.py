"""Refreshes the map's vendored scripts in generator/map/assets/vendor/ from the npm registry.

    python tools/vendor_map.py                       # the pinned versions below
    python tools/vendor_map.py --leaflet 1.9.4 --protomaps-leaflet 5.1.0

Leaflet draws the map; protomaps-leaflet (which bundles the PMTiles reader and its other
dependencies into one file) paints the site's own PMTiles basemap into it. Both are
served only by sites that configure `map_tiles:`. The script installs the two packages
with npm into a temporary folder (no install scripts run), copies their built files and
the license of every package bundled into them, and records the versions and npm
integrity hashes in vendor/VERSIONS.json. The only change made to the files is dropping
the `sourceMappingURL` comment: the maps are not shipped, and a browser's developer tools
would otherwise ask the site for them.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENDOR = ROOT / "generator" / "map" / "assets" / "vendor"
FILES = {  # package -> files copied from it (relative to the package folder)
    "leaflet": ("dist/leaflet.js", "dist/leaflet.css"),
    "protomaps-leaflet": ("dist/protomaps-leaflet.js",),
}
_SOURCE_MAP = re.compile(rb"\n?//# sourceMappingURL=\S+\s*$|\n?/\*# sourceMappingURL=\S+ \*/\s*$")
_LICENSE = re.compile(r"^(LICEN[CS]E|COPYING)(\.(md|txt))?$", re.I)


def _bundled(lock: dict, name: str) -> list[str]:
    """`name` and every package its runtime dependencies pull in (from package-lock)."""
    packages = lock["packages"]
    seen: list[str] = []
    todo = [name]
    while todo:
        pkg = todo.pop()
        if pkg in seen or f"node_modules/{pkg}" not in packages:
            continue
        seen.append(pkg)
        todo += sorted(packages[f"node_modules/{pkg}"].get("dependencies", {}))
    return seen


def refresh(versions: dict[str, str]) -> dict[str, dict[str, str]]:
    with tempfile.TemporaryDirectory() as tmp:
        specs = [f"{name}@{version}" for name, version in versions.items()]
        subprocess.run(["npm", "install", "--prefix", tmp, "--ignore-scripts", "--no-audit",
                        "--no-fund", "--omit=dev", *specs], check=True)
        lock = json.loads((Path(tmp) / "package-lock.json").read_text("utf-8"))
        modules = Path(tmp) / "node_modules"
        if VENDOR.exists():
            shutil.rmtree(VENDOR)
        (VENDOR / "licenses").mkdir(parents=True)
        record: dict[str, dict[str, str]] = {}
        for name, files in FILES.items():
            for rel in files:
                data = _SOURCE_MAP.sub(b"\n", (modules / name / rel).read_bytes())
                (VENDOR / Path(rel).name).write_bytes(data)
            for pkg in _bundled(lock, name):
                if pkg.startswith("@types/"):
                    continue  # type declarations: nothing of them is in the bundle
                info = lock["packages"][f"node_modules/{pkg}"]
                record[pkg] = {"version": info["version"], "license": info.get("license", ""),
                               "integrity": info.get("integrity", ""),
                               "bundled_in": Path(files[0]).name}
                out = VENDOR / "licenses" / (pkg.replace("/", "__") + ".txt")
                texts = [p for p in (modules / pkg).iterdir() if _LICENSE.match(p.name)]
                if texts:
                    shutil.copyfile(texts[0], out)
                elif info.get("license"):
                    # pmtiles ships none; its authors are protomaps-leaflet's (same terms)
                    out.write_text(f"{pkg} {info['version']}: license {info['license']}, as "
                                   "declared in its package.json (the package ships no "
                                   "license file).\n", "utf-8")
                else:
                    raise SystemExit(f"{pkg}: no license file and no declared license")
        (VENDOR / "VERSIONS.json").write_text(json.dumps(record, indent=2, sort_keys=True) + "\n",
                                              "utf-8")
        return record


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--leaflet", default="1.9.4")
    parser.add_argument("--protomaps-leaflet", default="5.1.0")
    args = parser.parse_args(argv)
    record = refresh({"leaflet": args.leaflet, "protomaps-leaflet": args.protomaps_leaflet})
    for pkg, info in sorted(record.items()):
        print(f"{pkg} {info['version']} ({info['license']})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
