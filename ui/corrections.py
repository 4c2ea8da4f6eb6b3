"""The audit trail as the Corrections page shows it: filtered by who, state and text, in plain columns."""

from __future__ import annotations

import pandas as pd

#: The page's "State" choices: URL value → label.
STATES = {"all": "All", "active": "In force", "undone": "Undone"}

#: What each action and scope reads as in the table.
ACTIONS = {"place": "another place", "point": "a point on the map", "not_place": "not a place"}
SCOPES = {"mention": "this mention", "article": "the name in this article", "everywhere": "everywhere (a rule)"}


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


def trail_for_display(trail: pd.DataFrame) -> pd.DataFrame:
    """The columns a journalist reads, named for people, newest first."""
    out = pd.DataFrame({
        "#": trail["correction_id"],
        "When": trail["at"],
        "Who": trail["who"],
        "Name in the text": trail["text"],
        "Now": [ACTIONS["not_place"] if a == "not_place" else n or p
                for a, n, p in zip(trail["action"], trail["place_name"], trail["place_id"], strict=True)],
        "As": trail["action"].map(ACTIONS),
        "Scope": trail["scope"].map(SCOPES),
        "Article": trail["title"],
        "Note": trail["note"],
        "Undone": [f"{at} by {by}" if at else "" for at, by in zip(trail["undone_at"], trail["undone_by"],
                                                                     strict=True)],
    })
    return out.iloc[::-1].reset_index(drop=True)
