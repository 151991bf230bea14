"""`python benchmarks/measured_build.py RESULT.json build ...`: runs `mkdocs build ...` in
this process, then writes the peak memory of this process and of the processes it forked
(the build's shards) to RESULT.json.

Why not ru_maxrss from wait4 in the benchmark: a child's maximum counts the memory it
shared with its parent between fork and exec, so a build started by a benchmark that
holds 100,000 synthetic entries would be charged the benchmark's memory. The high-water
mark of this process's own address space (VmHWM) starts fresh at exec.
"""

from __future__ import annotations

import json
import resource
import sys
from pathlib import Path


def own_peak_mb() -> float:
    try:
        status = Path("/proc/self/status").read_text()
        return int(status.split("VmHWM:")[1].split()[0]) / 1024
    except (OSError, IndexError, ValueError):  # not Linux: the best the system offers
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    result = Path(sys.argv[1])
    from mkdocs.__main__ import cli

    code: int | str | None = 0
    try:
        cli(sys.argv[2:])
    except SystemExit as e:
        code = e.code
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    result.write_text(json.dumps({"main_mb": round(own_peak_mb(), 1),
                                  "forked_mb": round(children, 1)}))
    return code if isinstance(code, int) else 1


if __name__ == "__main__":  # the build's forked shards must not run this again
    sys.exit(main())
