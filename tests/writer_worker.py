"""``python -m tests.writer_worker URL NAME ROLE SECONDS FOLDER``: one of the concurrent writers of
``tests/test_writers.py``.

Once imported and connected it prints ``ready`` and waits for a line on stdin, so that every writer
starts at once; then for ``SECONDS`` it writes to the store at ``URL`` the way a user of the command line does, through
:func:`geo.cli.main` (with the test geoparser): ``ingest`` writes a new article file into ``FOLDER``
and runs ``python -m geo ingest FILE``; ``correct`` runs ``python -m geo correct`` on a mention of an
article some writer stored (a spot on the map, or "not a place"). Each write the command acknowledged
(exit 0 and its line on stdout) is printed on stdout as one JSON object, for the test to look for in
the store afterwards. Whatever the commands say on stderr goes to this process's stderr: a user would
see it.
"""

from __future__ import annotations

import importlib
import io
import json
import random
import re
import sys
import time
from contextlib import redirect_stdout
from pathlib import Path

from geo.cli import build_parser, main
from geo.store import Store
from tests import fake_parser

_ADDED = re.compile(r"^added +.*: #(\d+) ")
_CORRECTION = re.compile(r"^correction (\d+): ")


def run(argv: list[str]) -> tuple[int, str]:
    """The command's exit code and what it printed on stdout."""
    out = io.StringIO()
    with redirect_stdout(out):
        code = main(argv)
    return code, out.getvalue()


def ack(**write) -> None:
    print(json.dumps(write, ensure_ascii=False), flush=True)


def ingest(url: str, name: str, number: int, folder: Path) -> None:
    title = f"{name} report {number}"
    path = folder / f"{name}-{number:05d}.txt"
    path.write_text(f"{title}\n\n{name} saw fighting near Qala-i-Naw and Herat, day {number}. "
                    f"Delegates flew to Kabul.\n", encoding="utf-8")
    code, out = run(["ingest", str(path), "--db", url])
    match = _ADDED.match(out)
    if code == 0 and match:
        ack(kind="article", id=int(match.group(1)), title=title)


def correct(url: str, name: str, number: int, reader: Store, rng: random.Random) -> None:
    ids = reader.articles()["article_id"].tolist()
    if not ids:
        time.sleep(0.05)
        return
    article_id = rng.choice(ids)
    mentions = reader.article_mentions(article_id)
    if mentions.empty:
        return
    row = mentions.iloc[rng.randrange(len(mentions))]
    span = f"{int(row['start'])}:{int(row['end'])}"
    if rng.random() < 0.3:
        what, action = ["--not-a-place"], "not_place"
    else:
        point = f"{30 + rng.random():.5f},{60 + rng.random():.5f}"
        what, action = ["--point", point, "--name", f"spot {name}"], "point"
    code, out = run(["correct", str(article_id), "--span", span, *what, "--who", name, "--db", url])
    match = _CORRECTION.match(out)
    if code == 0 and match:
        ack(kind="correction", id=int(match.group(1)), article=int(article_id), span=span, action=action)


def work(url: str, name: str, role: str, seconds: float, folder: Path) -> None:
    fake_parser.install()
    build_parser()  # every command module imported before the start, and what the commands import on first use
    importlib.import_module("geo.ingest")
    importlib.import_module("tqdm")

    rng = random.Random(name)
    number = 0
    with Store.open(url) as reader:
        print("ready", flush=True)
        sys.stdin.readline()
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if role == "ingest":
                ingest(url, name, number, folder)
            else:
                correct(url, name, number, reader, rng)
            number += 1


if __name__ == "__main__":  # not on import (pytest --doctest-modules imports every module)
    url, name, role, seconds, folder = sys.argv[1:]
    work(url, name, role, float(seconds), Path(folder))
