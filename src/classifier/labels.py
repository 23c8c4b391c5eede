"""The guideline categories: the label set shared by the model, the database, the API and the UI."""

from __future__ import annotations

from typing import Final

CATEGORIES: Final[tuple[str, ...]] = (
    "off_topic",
    "profanity",
    "vulgarity",
    "threat",
    "personal_attack",
    "abuse",
    "promotion",
)

ABUSE_TARGETS: Final[tuple[str, ...]] = (
    "gender",
    "race_ethnicity",
    "sexual_orientation",
    "origin_nationality",
    "religion",
    "disability",
)
"""Who an abusive comment targets. One convention for every language, the project's written text,
the data-set mappings and the moderators' choice (the public sets already follow it: HateXplain
files Arabs, Asians and Hispanics under race, refugees under national origin; Implicit Hate files
immigrants under national origin):

- ``race_ethnicity``: a people or ethnic group, whether or not it has a state: Arabs, Kurds, Turks
  (and Iran's ترک), Persians (عجم), Turkmen, Armenians, Assyrians, Roma, Black people, Africans.
- ``origin_nationality``: the citizens of a state as such (Syrians, Iranians, Iraqis, Afghans,
  Egyptians), regional origin, and migrants, refugees, displaced people and foreigners.

MLMA's single "origin" target cannot be split and stays ``origin_nationality``.
"""

LANGUAGES: Final[tuple[str, ...]] = ("en", "ckb", "kmr", "ar", "fa", "tr")
"""Languages the newsroom publishes in; language ID may also answer "other"."""
