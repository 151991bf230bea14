"""A "Report a change" form as an entry's new values.

Only what the form says with certainty is applied: a status, an attendance, new times
(all of them read, or none applied), a new address (coordinates recomputed), a new link
or phone, the date it was checked. Free-text corrections go to the reviewer as written.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from generator.format.model import Dataset, Location, Online, Resource
from generator.intake.entry import (
    STATUS_OF_CHANGE,
    Draft,
    located,
    source_text,
    with_defaults,
)
from generator.intake.issue_body import Answers, FormError
from generator.intake.quote import q
from generator.intake.when import read_schedule

MOVED = ("new_address", "new_city", "new_postal_code")


def find_entry(dataset: Dataset, answer: str, a: Answers) -> Resource:
    wanted = answer.strip().strip("/").rsplit("/r/", 1)[-1].strip("/").lower()
    for r in dataset.resources:
        if wanted == r.id or wanted in r.aliases:
            return r
    raise FormError(f"there is no listing with the id {q(answer, 100)}: copy the part of "
                    "the listing's web address after /r/", a.lines["resource-id"],
                    a.labels["resource-id"])


def changed_entry(a: Answers, old: Resource, dataset: Dataset, today: date,
                  issue: int | None) -> Draft:
    v = a.values
    draft = Draft(old)
    new = old
    status = _status(a, draft)
    if status and status != old.status:
        new = replace(new, status=status)
    attendance = a.choice("attendance")
    if attendance and attendance != old.attendance:
        new = replace(new, attendance=attendance)
    if v["new_schedule"]:
        slots, left = read_schedule(v["new_schedule"], today)
        if left:
            draft.review.append(f"the times were not changed: {len(left)} part(s) of “"
                                f"{a.labels['new_schedule']}” could not be read with "
                                "certainty")
            draft.review.extend(f"{q(p.text)}: {p.reason}" for p in left)
        elif slots:
            new = replace(new, schedule=tuple(slots))
    new = _moved(a, new, dataset, draft)
    if v["new_online_url"] or v["new_online_phone"]:
        online = old.online or Online()
        new = replace(new, online=replace(online, url=v["new_online_url"] or online.url,
                                          phone=v["new_online_phone"] or online.phone))
    new = replace(new, verified=_checked(v["verified"], today, draft),
                  source=source_text(v["source"], issue))
    if v["details"]:
        draft.details = v["details"]
    draft.resource = new
    return draft


def _status(a: Answers, draft: Draft) -> str:
    said = a.choice("status")
    implied = {STATUS_OF_CHANGE[c] for c in a.choices("change") if c in STATUS_OF_CHANGE}
    if said and implied and implied != {said}:
        draft.review.append(f"the status was not changed: “{a.labels['status']}” says "
                            f"{said} but “{a.labels['change']}” says "
                            f"{' and '.join(sorted(implied))}")
        return ""
    if said:
        return said
    return implied.pop() if len(implied) == 1 else ""


def _moved(a: Answers, r: Resource, dataset: Dataset, draft: Draft) -> Resource:
    v = a.values
    if not any(v[k] for k in ("new_place", *MOVED)):
        return r
    old = r.location or with_defaults(Location(), dataset)
    assert old is not None
    loc = replace(old, place=v["new_place"] or old.place,
                  address=v["new_address"] or old.address, city=v["new_city"] or old.city,
                  postal_code=v["new_postal_code"] or old.postal_code)
    if any(v[k] for k in MOVED) and (loc.address, loc.city, loc.postal_code) != (
            old.address, old.city, old.postal_code):
        if v["new_address"] and not (v["new_city"] or v["new_postal_code"]):
            draft.review.append("a new street address without a town or postal code: "
                                "check the town and postal code still apply")
        loc = located(replace(loc, lat=None, lon=None, approximate=False), dataset, draft)
    return replace(r, location=loc)


def _checked(answer: str, today: date, draft: Draft) -> date:
    if not answer:
        return today
    try:
        when = date.fromisoformat(answer.strip())
    except ValueError:
        when = None
    if when is None or when > today:
        draft.review.append(f"{q(answer, 40)} is not a date on or before the issue's; "
                            f"verified is the issue's date, {today}")
        return today
    return when
