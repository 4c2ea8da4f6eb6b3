"""The message catalogue: every key in both languages, and every key the code asks for in the catalogue."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from geo.i18n import LANGUAGES, read_catalogue, translator

ROOT = Path(__file__).resolve().parents[1]
#: A message looked up in code: ``t("key")``, ``t.plural("key", n)`` or ``_("key")`` through any translator name.
KEY_USE = re.compile(r"""\b(?:t|tr|_)(?:\.plural)?\(\s*["']([a-z0-9_]+(?:\.[a-z0-9_]+)+)["']""")
CODE = [*ROOT.glob("geo/**/*.py"), *ROOT.glob("ui/*.py"), *ROOT.glob("pages/*.py"), ROOT / "app.py"]


def messages(lang: str) -> dict[str, tuple[str, ...]]:
    out = {}
    for message in read_catalogue(lang):
        if message.id:
            key = message.id[0] if isinstance(message.id, tuple) else message.id
            out[key] = message.string if isinstance(message.string, tuple) else (message.string,)
    return out


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


CATALOGUES = {lang: messages(lang) for lang in LANGUAGES}


def test_both_languages_have_the_same_keys():
    en, ar = (set(CATALOGUES[lang]) for lang in LANGUAGES)
    assert not en - ar, f"missing in Arabic: {sorted(en - ar)}"
    assert not ar - en, f"missing in English: {sorted(ar - en)}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_message_is_empty(lang):
    empty = [key for key, forms in CATALOGUES[lang].items() if not all(form.strip() for form in forms)]
    assert not empty, f"empty in {lang}: {empty}"


def test_placeholders_agree():
    """A translation names the same ``{values}`` as the English (plural forms may leave ``{count}`` out)."""
    wrong = []
    for key, forms in CATALOGUES["en"].items():
        expected = set().union(*(placeholders(form) for form in forms)) - {"count"}
        for form in CATALOGUES["ar"][key]:
            if placeholders(form) - {"count"} != expected:
                wrong.append((key, form))
    assert not wrong


def test_every_key_the_code_uses_is_in_the_catalogue():
    used = {(path.relative_to(ROOT), key) for path in CODE for key in KEY_USE.findall(path.read_text("utf-8"))}
    missing = sorted((str(path), key) for path, key in used if key not in CATALOGUES["en"])
    assert not missing, f"keys used in code but not in the catalogue: {missing}"


def test_arabic_messages_are_arabic():
    """No Arabic message is left in English (a copied msgstr), names of things aside."""
    latin_only = [key for key, forms in CATALOGUES["ar"].items()
                  if any(re.search(r"[A-Za-z]{3,}", re.sub(r"\{[^}]*\}", "", form))
                         and not re.search(r"[\u0600-\u06ff]", form) for form in forms)]
    assert not latin_only, f"Arabic messages with no Arabic: {latin_only}"


def test_a_missing_key_shows_as_its_key():
    assert translator("ar")("no.such.key") == "no.such.key"
