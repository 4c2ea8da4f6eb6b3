"""The audit trail as the Corrections page shows it: filtered by who, state and text, in plain columns.

The columns keep their English names (the page shows them in the interface's
language, :func:`column_config`); their values are in ``lang`` (English in the CSV).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from geo.i18n import DEFAULT_LANGUAGE, Translator, translator
from geo.store.corrections import ACTIONS, SCOPES

#: The page's "State" choices (URL values), each named by ``corrections.state.<state>``.
STATES = ("all", "active", "undone")

#: The store's actions and scopes (:data:`ACTIONS`, :data:`SCOPES`) read in the table as
#: ``corrections.action.<action>`` and ``corrections.scope.<scope>``.
#: The table's columns and the message of each heading.
COLUMNS = {"#": "id", "When": "when", "Who": "who", "Name in the text": "text", "Now": "now", "As": "as",
           "Scope": "scope", "Article": "article", "Note": "note", "Undone": "undone"}


def column_config(t: Translator) -> dict:
    """The table's headings in ``t``'s language."""
    return {column: st.column_config.Column(t(f"corrections.column.{key}")) for column, key in COLUMNS.items()}


def filtered(trail: pd.DataFrame, *, who=(), state: str = "all", search: str = "") -> pd.DataFrame:
    """The corrections by any of ``who``, in ``state``, whose name, place or title holds ``search``.

    >>> t = pd.DataFrame({"who": ["ann", "bob"], "undone_at": [None, "2026"], "text": ["Herat", "Kabul"],
    ...                   "place_name": ["Kabul", None], "title": ["A", "B"]})
    >>> list(filtered(t, state="active")["who"]), list(filtered(t, search="kab")["who"])
    (['ann'], ['ann', 'bob'])
    """
    shown = trail
    if who:
        shown = shown[shown["who"].isin(list(who))]
    if state == "active":
        shown = shown[shown["undone_at"].isna()]
    elif state == "undone":
        shown = shown[shown["undone_at"].notna()]
    if search.strip():
        needle = search.strip().lower()
        text = (shown["text"].fillna("") + " " + shown["place_name"].fillna("") + " " + shown["title"].fillna(""))
        shown = shown[text.str.lower().str.contains(needle, regex=False)]
    return shown


def trail_for_display(trail: pd.DataFrame, *, lang: str = DEFAULT_LANGUAGE) -> pd.DataFrame:
    """The columns a journalist reads, named for people, newest first; actions and scopes in ``lang``."""
    t = translator(lang)
    actions = {a: t(f"corrections.action.{a}") for a in ACTIONS}
    out = pd.DataFrame({
        "#": trail["correction_id"],
        "When": trail["at"],
        "Who": trail["who"],
        "Name in the text": trail["text"],
        "Now": [actions["not_place"] if a == "not_place" else n or p
                for a, n, p in zip(trail["action"], trail["place_name"], trail["place_id"], strict=True)],
        "As": trail["action"].map(actions),
        "Scope": trail["scope"].map({s: t(f"corrections.scope.{s}") for s in SCOPES}),
        "Article": trail["title"],
        "Note": trail["note"],
        "Undone": [t("corrections.undone_by", at=at, who=by) if at else ""
                   for at, by in zip(trail["undone_at"], trail["undone_by"], strict=True)],
    })
    return out.iloc[::-1].reset_index(drop=True)
