"""Country names for the countries the directory lists therapists in (``DIRECTORY_COUNTRIES``).

Clinics store ISO 3166 codes (what geocoding and postcodes need); people read names, so an address
ends in "United Kingdom", not "GB". An unknown code is shown as it is.
"""

COUNTRY_NAMES = {"CA": "Canada", "GB": "United Kingdom", "US": "United States"}


def country_name(code: str) -> str:
    return COUNTRY_NAMES.get((code or "").upper(), code or "")
