"""Readable names for the country and region codes volunteers write ("US", "IL")."""

from __future__ import annotations

COUNTRIES = {
    "US": "United States", "CA": "Canada", "MX": "Mexico", "GB": "United Kingdom",
    "IE": "Ireland", "AU": "Australia", "NZ": "New Zealand", "PR": "Puerto Rico",
}
# Countries as people write them (lower case) -> their codes: the names above, and
# other spellings feeds and volunteers use.
COUNTRY_SPELLINGS = {
    **{name.lower(): code for code, name in COUNTRIES.items()},
    "us": "US", "usa": "US", "u.s.": "US", "u.s.a.": "US", "united states of america": "US",
    "méxico": "MX", "uk": "GB", "great britain": "GB", "england": "GB",
}

US_STATES = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
    "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "DC": "District of Columbia",
    "FL": "Florida", "GA": "Georgia", "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois",
    "IN": "Indiana", "IA": "Iowa", "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana",
    "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts", "MI": "Michigan",
    "MN": "Minnesota", "MS": "Mississippi", "MO": "Missouri", "MT": "Montana",
    "NE": "Nebraska", "NV": "Nevada", "NH": "New Hampshire", "NJ": "New Jersey",
    "NM": "New Mexico", "NY": "New York", "NC": "North Carolina", "ND": "North Dakota",
    "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon", "PA": "Pennsylvania",
    "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota", "TN": "Tennessee",
    "TX": "Texas", "UT": "Utah", "VT": "Vermont", "VA": "Virginia", "WA": "Washington",
    "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming", "PR": "Puerto Rico",
    "GU": "Guam", "VI": "U.S. Virgin Islands",
}

CA_PROVINCES = {
    "AB": "Alberta", "BC": "British Columbia", "MB": "Manitoba", "NB": "New Brunswick",
    "NL": "Newfoundland and Labrador", "NS": "Nova Scotia", "NT": "Northwest Territories",
    "NU": "Nunavut", "ON": "Ontario", "PE": "Prince Edward Island", "QC": "Quebec",
    "SK": "Saskatchewan", "YT": "Yukon",
}

REGIONS = {"US": US_STATES, "CA": CA_PROVINCES}


def country_code(raw: str) -> str:
    """ISO code for a country written as a code or a common name; "" when unknown."""
    key = raw.strip().lower()
    if key in COUNTRY_SPELLINGS:
        return COUNTRY_SPELLINGS[key]
    if len(key) == 2 and key.isalpha():
        return key.upper()
    return ""


def country_name(code: str) -> str:
    return COUNTRIES.get(code.upper(), code) if code else "Other places"


def region_name(country: str, region: str) -> str:
    if not region:
        return "Other areas"
    return REGIONS.get(country.upper(), {}).get(region.upper(), region)
