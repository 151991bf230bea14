"""What an import did, as plain data: counts, every skip with its reason and line, the
time zones it inferred and the source's codes it could not map.

Both importers (Meeting Guide, BMLT) fill one; the CLI prints `summary_lines()`, and
`sync` reads the fields.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from generator.format.diagnostics import Report


@dataclass(frozen=True, slots=True)
class Skip:
    line: int
    col: int
    reason: str


@dataclass(slots=True)
class ImportReport:
    name: str  # the feed's file name, for messages
    diagnostics: Report
    total: int = 0  # records in the feed
    imported: int = 0  # records that are in some entry
    entries: int = 0  # entries made from them
    zone_from: Counter[str] = field(default_factory=Counter)  # feed/option/coordinates/region
    zones: Counter[str] = field(default_factory=Counter)  # inferred zone -> records
    unknown_codes: Counter[str] = field(default_factory=Counter)  # format/type codes
    unpublished: int = 0  # BMLT records with published = 0

    @property
    def merged(self) -> int:
        """Records folded into an entry another record started."""
        return self.imported - self.entries

    @property
    def skipped(self) -> list[Skip]:
        return [Skip(d.line, d.col, d.message) for d in self.diagnostics.errors]

    def summary_lines(self) -> list[str]:
        lines = [f"{self.name}: {self.imported} of {self.total} meetings imported as "
                 f"{self.entries} entries ({self.merged} merged into groups); "
                 f"{self.total - self.imported} not imported"]
        if self.unpublished:
            lines.append(f"  {self.unpublished} unpublished meetings skipped (published = 0)")
        inferred = self.zone_from["coordinates"] + self.zone_from["region"]
        if inferred:
            zones = ", ".join(f"{z} {n}" for z, n in sorted(self.zones.items(),
                                                            key=lambda p: (-p[1], p[0])))
            lines.append(f"  time zones inferred for {inferred} meetings "
                         f"({self.zone_from['coordinates']} from coordinates, "
                         f"{self.zone_from['region']} from state/province/country): {zones}")
        if self.zone_from["option"]:
            lines.append(f"  --timezone used for {self.zone_from['option']} meetings")
        if self.unknown_codes:
            codes = ", ".join(f"{c} ({n})" for c, n in sorted(self.unknown_codes.items()))
            lines.append(f"  codes with no tag, not imported: {codes}")
        return lines
