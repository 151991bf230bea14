"""What every page and export of one build needs to know, built once per build."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from generator.format.model import Dataset
from generator.i18n import ENGLISH, Translator


@dataclass(frozen=True, slots=True)
class SiteContext:
    dataset: Dataset
    site_url: str = ""  # absolute base URL ending in "/", or "" when unknown
    site_name: str = "Peer Support Directory"
    repo_url: str = ""  # e.g. https://github.com/org/repo, for edit and report links
    edit_uri: str = ""  # e.g. edit/main/ (MkDocs' own setting)
    data_path: str = "resources.yaml"  # the data file's path inside the repository
    build_date: date = date(1970, 1, 1)
    map: bool = False  # a basemap is published (map_tiles): group pages offer a map
    t: Translator = ENGLISH  # the pages' language (generator/i18n): English by default

    def absolute(self, path: str) -> str:
        """Absolute URL of a site path like "r/abc/" when site_url is known, else the path
        from the site root."""
        return (self.site_url or "/") + path.lstrip("/")
