"""Ingesting a folder reads what is in it, not what its links lead to elsewhere (issue 14)."""

from __future__ import annotations

from geo.ingest import expand_paths


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
