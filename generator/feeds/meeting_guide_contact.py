"""Contact, feedback and 7th Tradition fields of a Meeting Guide meeting."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from generator.feeds.values import clean_text, https_link, text
from generator.format.model import Contact, Tradition
from generator.format.validate import EMAIL, PHONE

if TYPE_CHECKING:
    from generator.feeds.meeting_guide_fields import Reader


def phone_text(value: str, key: str, warn: Callable[[str], None]) -> str:
    if value and (not PHONE.match(value) or sum(c.isdigit() for c in value) < 3):
        warn(f"{key} `{value[:40]}` is not a phone number; left out")
        return ""
    return value


def contact(r: Reader) -> Contact | None:
    url = r.link("url")
    if r.slug and url.endswith(f"/r/{r.slug}/"):
        url = ""  # our own page, from our export: not the group's website
    website, problem = https_link(r.link("website") or url)
    if problem and website:
        r.note(f"website/url {problem}")
    elif problem:
        r.warn(f"url {problem}; left out")
    email = r.text("email") or r.text("contact_1_email")
    if email and not EMAIL.match(email):
        r.warn(f"email `{email[:40]}` is not an email address; left out")
        email = ""
    phone = phone_text(r.text("phone") or r.text("contact_1_phone"), "phone", r.warn)
    feedback = _feedback(r)
    if not (website or email or phone or feedback):
        return None
    return Contact(website=website, email=email, phone=phone, feedback=feedback)


def _feedback(r: Reader) -> str:
    link, problem = https_link(r.link("feedback_url"))
    if link:
        return link
    if problem:
        r.warn(f"feedback_url {problem}; left out")
    emails = r.raw.get("feedback_emails")
    first = emails[0] if isinstance(emails, list) and emails else emails
    email = clean_text(text(first) or "")
    return email if email and EMAIL.match(email) else ""


def tradition(r: Reader) -> Tradition | None:
    """7th Tradition links. Meeting Guide's `square` holds a Cash App $cashtag (Square
    Cash was its name), or a link to a Square page."""
    venmo, paypal = r.text("venmo"), r.text("paypal")
    square = r.text("square")
    cashapp = r.text("cashapp") or r.text("cash_app")
    if square.startswith("$") and not cashapp:
        cashapp, square = square, ""
    if square and not square.startswith("https://"):
        r.warn(f"square `{square[:40]}` is not a $cashtag or https link; left out")
        square = ""
    if not (venmo or paypal or cashapp or square):
        return None
    if venmo and not venmo.startswith(("@", "https://")):
        venmo = "@" + venmo
    if cashapp and not cashapp.startswith(("$", "https://")):
        cashapp = "$" + cashapp
    return Tradition(venmo=venmo, paypal=paypal, cashapp=cashapp, square=square)
