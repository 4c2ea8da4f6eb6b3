"""AppTest smoke tests of the home page."""

from streamlit.testing.v1 import AppTest


def test_home_page_renders_title_and_map_without_errors():
    at = AppTest.from_file("../app.py", default_timeout=60).run()
    assert not at.exception
    assert not at.error
    assert "Kharita" in at.title[0].value
    assert at.toggle[0].label == "Online tile layers"
    assert at.toggle[0].value is False
