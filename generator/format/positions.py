"""Where the values of one entry were written, kept compactly (see `Positions`)."""

from __future__ import annotations

from array import array
from collections.abc import Iterator, Mapping

Position = tuple[int, int]  # 1-based line and column


class Positions(Mapping[str, Position]):
    """Where each value of one entry was written: dotted path -> (line, column).

    A dict of tuples costs ~3 KB an entry, 300 MB of a 100,000-entry build. Here an
    entry keeps its paths as one tuple (shared by every entry of the same shape through
    `shapes`, kept by whoever packs a file's entries) and its numbers in one array of
    32-bit integers: ~0.3 KB. Lookups scan ~30 paths, which only messages need."""

    __slots__ = ("_paths", "_numbers")

    def __init__(self, paths: tuple[str, ...], numbers: array[int]) -> None:
        self._paths = paths
        self._numbers = numbers

    @classmethod
    def pack(cls, positions: Mapping[str, Position],
             shapes: dict[tuple[str, ...], tuple[str, ...]] | None = None) -> Positions:
        paths = tuple(positions)
        if shapes is not None:
            paths = shapes.setdefault(paths, paths)
        return cls(paths, array("I", [n for pair in positions.values() for n in pair]))

    def __getitem__(self, path: str) -> Position:
        try:
            i = 2 * self._paths.index(path)
        except ValueError:
            raise KeyError(path) from None
        return self._numbers[i], self._numbers[i + 1]

    def __contains__(self, path: object) -> bool:
        return path in self._paths

    def __iter__(self) -> Iterator[str]:
        return iter(self._paths)

    def __len__(self) -> int:
        return len(self._paths)
