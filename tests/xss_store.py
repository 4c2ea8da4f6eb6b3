"""A store full of hostile text, for the browser tests that prove no article text runs in a viewer's browser.

Every payload of ``tests/data/xss_payloads.txt`` goes in wherever a user or a
source can put text: an article's title, text (beside real place names, so the
mentions, excerpts, popups and exports carry it), source and link; a file's
name (real files with hostile names, ingested from a folder); a journalist's
correction (the spot's name, the note and the journalist's name); a user alias
(its name, who and note); and a saved story (its name, each step's place name
and caption). Articles go in as pasted text does (``Ingestor.ingest_text``), so
what is stored is what the app would store; :class:`XssStore` says what that is.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from geo.ingest import Ingestor, Parser
from geo.store import Store
from geo.story import Step, Story, story_from_article

PAYLOAD_FILE = Path(__file__).resolve().parent / "data" / "xss_payloads.txt"
#: Qala-i-Naw, the place every hostile alias points at.
QALA_I_NAW = "geonames:1129867"
#: The name the hostile story is saved under (it goes into the Present page's link, too).
STORY_NAME = "<script>window.__xss=1</script> `${alert(1)}` **story**"
#: Hostile links an article's ``url`` holds, besides the payloads themselves.
HOSTILE_URLS = (
    "javascript:window.__xss=1",
    'http://127.0.0.1:PORT/x" onmouseover="window.__xss=1" data-x="',
    "data:text/html,<script>window.__xss=1</script>",
)


def payloads(port: int | str = "PORT") -> list[str]:
    """The payloads, ``PORT`` replaced by ``port`` (the port of a server that counts requests)."""
    lines = PAYLOAD_FILE.read_text("utf-8").splitlines()
    return [line.replace("PORT", str(port)) for line in lines if line.strip() and not line.startswith("#")]


def article_text(payload: str) -> str:
    """An article naming Kabul, Herat and Qala-i-Naw with ``payload`` in every sentence; "Witnesses" is
    what a correction places."""
    return (f"Fighting in Kabul {payload} was reported today.\n\n"
            f"Officials said {payload} near Herat and Qala-i-Naw.\n\n"
            f"Witnesses {payload} saw it.")


def file_name(payload: str) -> str:
    """A payload as a file's name (a name cannot hold a slash), ``.txt`` at its end."""
    return payload.replace("/", "\u2215") + ".txt"


@dataclass
class XssStore:
    """What :func:`build` stored: the payloads (as given), each payload's article id and the title,
    source and text the store holds for it, the spots corrections placed, and the story."""

    path: Path
    payloads: list[str]
    articles: dict[str, int] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    spots: dict[str, str] = field(default_factory=dict)
    files: dict[str, int] = field(default_factory=dict)
    story: Story | None = None


def build(folder: Path, parser: Parser, port: int) -> XssStore:
    """The hostile store in ``folder`` (``kharita.db``), geoparsed by ``parser``; ``port`` goes into the
    payloads that load a URL."""
    hostile = payloads(port)
    out = XssStore(folder / "kharita.db", hostile)
    files = folder / "files"
    files.mkdir()
    with Store.open(out.path) as store:
        ingestor = Ingestor(store, parser)
        for number, payload in enumerate(hostile):
            url = payload if number % 4 == 0 else HOSTILE_URLS[number % 4 - 1].replace("PORT", str(port))
            result = ingestor.ingest_text(
                article_text(payload), origin=payload, title=f"{payload} #{number}", source=payload, url=url,
                language="en", published=dt.date(2021, 7, 1) + dt.timedelta(days=number),
            )
            assert result.status == "added", result
            out.articles[payload] = result.article_id
            if number == 0:  # Qala-i-Naw is in the store now: the aliases may point at it
                for alias in hostile:
                    store.add_alias(alias, QALA_I_NAW, who=alias, note=alias)
        list(ingestor.reparse())  # the aliases marked the first article: it is parsed with them, as later ones are
        for number, (payload, article_id) in enumerate(out.articles.items()):
            article = store.article(article_id)
            out.titles[payload], out.sources[payload], out.texts[payload] = article.title, article.source, article.text
            start = article.text.index("Witnesses")
            store.add_correction(article_id, span=(start, start + len("Witnesses")),
                                 point=(30.0 + number * 0.2, 61.0 + number * 0.1), point_name=payload,
                                 who=payload, note=payload)
        for place_id, name in store.places()[["place_id", "name"]].itertuples(index=False):
            if place_id.startswith("custom:"):
                out.spots[name] = place_id
        for number, payload in enumerate(hostile):
            path = files / file_name(payload)
            path.write_text(f"Report from a file {number}\n\nA convoy reached Kandahar {payload} by night.", "utf-8")
            (result,) = ingestor.ingest_file(path)
            assert result.status == "added", result
            out.files[payload] = result.article_id
        first = next(iter(out.articles.values()))
        base = story_from_article(store.article(first).text, store.article_mentions(first))
        kabul = next(step for step in base.steps if step.name == "Kabul")
        steps = [Step(place_id=kabul.place_id, name=kabul.name, kind=kabul.kind, caption=payload, zoom=kabul.zoom,
                      lat=kabul.lat, lon=kabul.lon) for payload in hostile]
        store.save_story(Story(name=STORY_NAME, article_id=first, steps=(*base.steps, *steps)))
        out.story = store.story(STORY_NAME)
    return out
