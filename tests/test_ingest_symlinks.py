"""Ingesting a folder reads what is in it, not what its links lead to elsewhere (issue 14)."""

from __future__ import annotations

import json
from pathlib import Path

from geo.ingest import expand_paths, read_path


def test_links_out_of_the_folder_are_skipped_with_a_message(tmp_path, capsys):
    outside = tmp_path / "outside"
    (outside / "secrets").mkdir(parents=True)
    (outside / "private.txt").write_text("Not for the store\nKabul", "utf-8")
    (outside / "secrets" / "key.md").write_text("Not for the store either", "utf-8")
    folder = tmp_path / "articles"
    (folder / "sub").mkdir(parents=True)
    (folder / "story.txt").write_text("A story\nfrom Herat", "utf-8")
    (folder / "sub" / "more.md").write_text("Another\nfrom Kabul", "utf-8")
    (folder / "leak.txt").symlink_to(outside / "private.txt")
    (folder / "sub" / "hop.txt").symlink_to("../../outside/private.txt")  # relative, out through ..
    (folder / "secrets").symlink_to(outside / "secrets", target_is_directory=True)
    (folder / "alias.txt").symlink_to(folder / "story.txt")  # a link that stays inside is read

    found = expand_paths([folder])

    assert found == [folder / "alias.txt", folder / "story.txt", folder / "sub" / "more.md"]
    err = capsys.readouterr().err
    assert f"skipped {folder / 'leak.txt'}: a link to {outside / 'private.txt'}, outside {folder}" in err
    assert f"skipped {folder / 'sub' / 'hop.txt'}: a link to ../../outside/private.txt" in err
    assert f"skipped {folder / 'secrets'}: a link to {outside / 'secrets'}" in err
    assert "key.md" not in err


def test_a_folder_given_through_a_link_is_read(tmp_path, capsys):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "story.txt").write_text("A story\nfrom Herat", "utf-8")
    (tmp_path / "link").symlink_to(folder, target_is_directory=True)

    assert expand_paths([tmp_path / "link"]) == [tmp_path / "link" / "story.txt"]
    assert capsys.readouterr().err == ""


def outside_and_folder(tmp_path):
    """A folder with a story, and links out of it to a file and a folder elsewhere."""
    outside = tmp_path / "outside"
    (outside / "secrets").mkdir(parents=True)
    (outside / "private.txt").write_text("Not for the store\nKabul", "utf-8")
    (outside / "secrets" / "key.md").write_text("Not for the store either", "utf-8")
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "story.txt").write_text("A story\nfrom Herat", "utf-8")
    (folder / "leak.txt").symlink_to(outside / "private.txt")
    (folder / "secrets").symlink_to(outside / "secrets", target_is_directory=True)
    return outside, folder


def test_glob_matches_that_lead_out_of_the_searched_folder_are_skipped(tmp_path, capsys, monkeypatch):
    outside, folder = outside_and_folder(tmp_path)
    (folder / "alias.txt").symlink_to("story.txt")  # stays inside: read

    found = expand_paths([f"{folder}/*.txt", f"{folder}/**/*.md", f"{folder}/*"])

    assert found == [folder / "alias.txt", folder / "story.txt"]
    err = capsys.readouterr().err
    assert f"skipped {folder / 'leak.txt'}: a link to {outside / 'private.txt'}, outside {folder}" in err
    # ** follows the linked folder, * matches it: either way its files are not read.
    assert f"skipped {folder / 'secrets' / 'key.md'}: through a link, to {outside / 'secrets' / 'key.md'}" in err
    assert f"skipped {folder / 'secrets'}: a link to {outside / 'secrets'}, outside {folder}" in err

    monkeypatch.chdir(folder)  # a pattern with no folder searches the current one
    assert expand_paths(["*.txt"]) == [Path("alias.txt"), Path("story.txt")]
    assert "skipped leak.txt: a link to" in capsys.readouterr().err


def test_a_sidecar_that_leads_out_of_the_folder_is_not_read(tmp_path, capsys):
    outside, folder = outside_and_folder(tmp_path)
    (outside / "meta.json").write_text(json.dumps({"title": "A secret title", "source": "Leaked"}), "utf-8")
    (folder / "story.json").symlink_to(outside / "meta.json")
    (folder / "inner.txt").write_text("Inner\nfrom Kabul", "utf-8")
    (folder / "real-meta.json").write_text(json.dumps({"title": "Kept title"}), "utf-8")
    (folder / "inner.json").symlink_to("real-meta.json")  # a sidecar linked inside the folder is read

    [(_, story)] = read_path(folder / "story.txt")
    [(_, inner)] = read_path(folder / "inner.txt")

    assert (story.title, story.source) == ("A story", None)
    assert inner.title == "Kept title"
    err = capsys.readouterr().err
    assert f"skipped {folder / 'story.json'}: a link to {outside / 'meta.json'}, outside {folder}" in err
    assert "inner.json" not in err
