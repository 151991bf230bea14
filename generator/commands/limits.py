"""What the loader will read back, checked before a command writes a data file: a file
`import` or `synth` writes must be one `validate` and the build accept."""

from __future__ import annotations

import sys

from generator.format.loader import MAX_BYTES

MAX_FEED_BYTES = 256 * 1024 * 1024  # a national Meeting Guide feed is a few MB


def fits_loader(text: str, output: str) -> bool:
    """False (after saying so) when `text` is over the loader's size limit."""
    size = len(text.encode("utf-8"))
    if size <= MAX_BYTES:
        return True
    print(f"{output}: error: the data would be {size // 1_000_000} MB, over the "
          f"{MAX_BYTES // 1_000_000} MB a data file may have; nothing written — split it "
          "(fewer entries per file, e.g. a smaller --count or one feed per region)",
          file=sys.stderr)
    return False
