"""The view as GeoJSON (RFC 7946): a FeatureCollection of one Feature a place, longitude first, WGS84, no ``crs``.

A province, district, border or river is its outline where the gazetteer
has one, any other place its point; a place without coordinates keeps a
``null`` geometry, as RFC 7946 allows, so no place is lost.
"""

from __future__ import annotations

import json

from geo.export.view import ExportView


def feature(view: ExportView, row: dict) -> dict:
    """One place as a Feature; its properties hold its names, counts, whether it was corrected and its excerpts."""
    return {
        "type": "Feature",
        "id": row["place_id"],
        "geometry": view.geometry(row),
        "properties": {
            "place_id": row["place_id"],
            "name": row["name"],
            "name_ar": row["name_ar"],
            "kind": row["kind"],
            "country_code": row["country_code"],
            "admin1": row["admin1"],
            "admin2": row["admin2"],
            "mentions": int(row["mentions"]),
            "articles": int(row["articles"]),
            "corrected": row["corrected"] > 0,
            "corrected_mentions": int(row["corrected"]),
            "excerpts": row["excerpts"],
            "excerpts_total": row["excerpt_total"],
        },
    }


def write(view: ExportView) -> bytes:
    """The FeatureCollection as UTF-8 JSON (Arabic as itself, not ``\\u`` escapes)."""
    collection = {
        "type": "FeatureCollection",
        "features": [feature(view, row) for row in view.rows()],
    }
    return json.dumps(collection, ensure_ascii=False, indent=1).encode("utf-8")
