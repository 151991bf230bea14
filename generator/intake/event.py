"""The issue in a GitHub Actions event payload ($GITHUB_EVENT_PATH), for `from-issue
--event`: the workflow hands the body over as this file, never through a command line."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from generator.files import InputError, read_input

# GitHub's own payloads are tens of KB (an issue body holds at most 65,536 characters).
MAX_EVENT_BYTES = 5_000_000


class EventError(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class Issue:
    number: int
    body: str
    opened: date  # the day the issue was opened (UTC): the entry's `verified:`


def read_event(path: str | Path) -> Issue:
    try:
        data = json.loads(read_input(path, MAX_EVENT_BYTES).decode("utf-8"))
        issue = data["issue"]
        number = issue["number"]
        opened = datetime.fromisoformat(str(issue["created_at"]).replace("Z", "+00:00"))
    except InputError as exc:
        raise EventError(f"{exc.message}; {exc.hint}") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise EventError(f"cannot read it: {exc}") from None
    except RecursionError:
        raise EventError("not an issue event (JSON nested too deeply)") from None
    except (ValueError, KeyError, TypeError) as exc:
        raise EventError(f"not an issue event ({type(exc).__name__}: {exc})") from None
    if not isinstance(number, int) or number < 1:
        raise EventError("the issue number is not a positive whole number")
    return Issue(number, str(issue.get("body") or ""), opened.date())
