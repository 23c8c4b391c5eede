"""The product's six languages: names, direction, Django language info, and message catalogues.

The ``.po`` catalogues under ``majlis/locale/`` are the sources; the compiled ``.mo`` files are
committed next to them so that an install works without GNU gettext. ``compile_catalogues()``
(``python -m majlis.moderation.i18n``) rebuilds the ``.mo`` files in pure Python, and a test
checks that every committed ``.mo`` matches its ``.po``.

Changing a message: edit the source, then (a developer machine with GNU gettext)
``cd src/majlis && django-admin makemessages -l ckb -l kmr -l ar -l fa -l tr --no-location
-i "migrations/*" --settings=majlis.settings``, translate the new or fuzzy entries in the five
``.po`` files, and run ``python -m majlis.moderation.i18n``. The embed's own strings are in the
``MESSAGES`` catalogue of ``static/majlis/embed.js``.
"""

from __future__ import annotations

import ast
import struct
import sys
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext_lazy as _

LOCALE_DIR = Path(__file__).resolve().parents[1] / "locale"
RTL_LANGUAGES = frozenset({"ckb", "ar", "fa"})
# Codes the language identifier gives comments; "other" = none of the six.
COMMENT_LANGUAGES: tuple[tuple[str, object], ...] = (
    ("en", _("English")),
    ("ckb", _("Sorani")),
    ("kmr", _("Kurmanji")),
    ("ar", _("Arabic")),
    ("fa", _("Persian")),
    ("tr", _("Turkish")),
    ("other", _("Other")),
)
LANGUAGE_CODES: tuple[str, ...] = tuple(code for code, _label in COMMENT_LANGUAGES[:-1])
# Names in their own language, for the language switcher (never translated).
NATIVE_NAMES = {
    "en": "English",
    "ckb": "کوردی",
    "kmr": "Kurmancî",
    "ar": "العربية",
    "fa": "فارسی",
    "tr": "Türkçe",
}

# Django ships language info for ckb (Sorani) but not for Kurmanji.
EXTRA_LANG_INFO = {
    "kmr": {"bidi": False, "code": "kmr", "name": "Kurmanji", "name_local": "Kurmancî"},
}


def gettext_noop(message: str) -> str:
    """Marks a message for makemessages (same name as Django's) without needing settings."""
    return message


# Django has no Kurmanji catalogue, so the month and weekday names its date filter uses (and the
# login form's messages) are listed here for makemessages; Django translates them for the others.
DJANGO_MESSAGES = (
    gettext_noop("January"),
    gettext_noop("February"),
    gettext_noop("March"),
    gettext_noop("April"),
    gettext_noop("May"),
    gettext_noop("June"),
    gettext_noop("July"),
    gettext_noop("August"),
    gettext_noop("September"),
    gettext_noop("October"),
    gettext_noop("November"),
    gettext_noop("December"),
    gettext_noop("jan"),
    gettext_noop("feb"),
    gettext_noop("mar"),
    gettext_noop("apr"),
    gettext_noop("may"),
    gettext_noop("jun"),
    gettext_noop("jul"),
    gettext_noop("aug"),
    gettext_noop("sep"),
    gettext_noop("oct"),
    gettext_noop("nov"),
    gettext_noop("dec"),
    gettext_noop("Monday"),
    gettext_noop("Tuesday"),
    gettext_noop("Wednesday"),
    gettext_noop("Thursday"),
    gettext_noop("Friday"),
    gettext_noop("Saturday"),
    gettext_noop("Sunday"),
    # Django's own messages on the login page and forms.
    gettext_noop(
        "Please enter a correct %(username)s and password. Note that both fields may be "
        "case-sensitive."
    ),
    gettext_noop("This field is required."),
    gettext_noop("username"),
)


def register_language_info() -> None:
    """Add the languages Django does not know to ``django.conf.locale.LANG_INFO``."""
    from django.conf import locale

    for code, info in EXTRA_LANG_INFO.items():
        locale.LANG_INFO.setdefault(code, info)


def direction(language: str | None) -> str:
    base = (language or "").lower().replace("_", "-").split("-")[0]
    return "rtl" if base in RTL_LANGUAGES else "ltr"


# --- catalogues ----------------------------------------------------------------------------------


@dataclass
class Message:
    msgid: str
    msgstr: list[str]
    msgid_plural: str | None = None
    msgctxt: str | None = None
    fuzzy: bool = False


def parse_po(text: str) -> list[Message]:
    """Parse a gettext ``.po`` file (the subset Django's makemessages writes)."""
    messages: list[Message] = []
    fields: dict[str, str] = {}
    current: str | None = None
    fuzzy = False

    def flush() -> None:
        nonlocal fields, current, fuzzy
        if "msgid" in fields:
            plural = fields.get("msgid_plural")
            if plural is None:
                msgstr = [fields.get("msgstr", "")]
            else:
                keys = sorted(
                    (k for k in fields if k.startswith("msgstr[")),
                    key=lambda k: int(k[7:-1]),
                )
                msgstr = [fields[k] for k in keys]
            messages.append(Message(fields["msgid"], msgstr, plural, fields.get("msgctxt"), fuzzy))
        fields, current, fuzzy = {}, None, False

    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            flush()
            continue
        if line.startswith("#"):
            if line.startswith("#,") and "fuzzy" in line:
                if "msgid" in fields:
                    flush()
                fuzzy = True
            continue
        if line.startswith('"'):
            if current is None:
                raise ValueError(f"continuation line outside a field: {raw!r}")
            fields[current] += ast.literal_eval(line)
            continue
        keyword, _space, value = line.partition(" ")
        if keyword in ("msgid", "msgctxt") and "msgid" in fields and current != "msgctxt":
            flush()
        current = keyword
        fields[keyword] = ast.literal_eval(value)
    flush()
    return messages


def compile_mo(messages: list[Message]) -> bytes:
    """The GNU ``.mo`` bytes for ``messages`` (untranslated and fuzzy entries left out)."""
    entries: dict[bytes, bytes] = {}
    for message in messages:
        if message.fuzzy and message.msgid:
            continue
        if not any(message.msgstr):
            continue
        key = message.msgid
        if message.msgid_plural is not None:
            key += "\0" + message.msgid_plural
        if message.msgctxt is not None:
            key = message.msgctxt + "\x04" + key
        entries[key.encode("utf-8")] = "\0".join(message.msgstr).encode("utf-8")
    keys = sorted(entries)
    ids = b"".join(k + b"\0" for k in keys)
    strs = b"".join(entries[k] + b"\0" for k in keys)
    count = len(keys)
    header_size = 7 * 4
    key_table_at = header_size
    value_table_at = key_table_at + count * 8
    ids_at = value_table_at + count * 8
    strs_at = ids_at + len(ids)
    key_table, value_table = [], []
    offset = 0
    for key in keys:
        key_table += [len(key), ids_at + offset]
        offset += len(key) + 1
    offset = 0
    for key in keys:
        value = entries[key]
        value_table += [len(value), strs_at + offset]
        offset += len(value) + 1
    # Hash table size 0 (allowed: readers then search the sorted key table).
    header = struct.pack("<7I", 0x950412DE, 0, count, key_table_at, value_table_at, 0, 0)
    return (
        header
        + struct.pack(f"<{len(key_table)}I", *key_table)
        + struct.pack(f"<{len(value_table)}I", *value_table)
        + ids
        + strs
    )


def catalogue_paths(locale_dir: Path = LOCALE_DIR) -> list[Path]:
    return sorted(locale_dir.glob("*/LC_MESSAGES/*.po"))


def compile_catalogues(locale_dir: Path = LOCALE_DIR) -> list[Path]:
    """Write the ``.mo`` next to every ``.po``; returns the files written."""
    written = []
    for po in catalogue_paths(locale_dir):
        mo = po.with_suffix(".mo")
        mo.write_bytes(compile_mo(parse_po(po.read_text(encoding="utf-8"))))
        written.append(mo)
    return written


if __name__ == "__main__":  # pragma: no cover - developer command
    for path in compile_catalogues():
        print(path, file=sys.stderr)
