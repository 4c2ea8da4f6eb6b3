"""The interface's language: ``?lang=ar`` in the address bar, its translator, the switch, and the page's
direction and font.

The address bar says the language, so a shared link opens in it; the session
remembers it too, because Streamlit's own page links (the sidebar's
navigation) drop the query parameters: a page that finds no ``?lang=`` takes
the session's and writes it back to the address bar. English, the default,
leaves no parameter, so English links stay as they were.
"""

from __future__ import annotations

import streamlit as st

from geo.i18n import DEFAULT_LANGUAGE, LANGUAGES, Translator, language, translator
from geo.maps import AssetUrls
from geo.maps.fonts import BASE_DIR, FAMILY
from ui.urls import LANG

#: The session key the language is remembered under.
SESSION_KEY = "kh_lang"
#: Streamlit's own text font (its theme's "sans serif"), kept first in English.
STREAMLIT_FONT = '"Source Sans", sans-serif'
#: Where the switch's widget keeps its value.
SWITCH_KEY = "kh-lang-switch"


def current() -> str:
    """The language the address bar names, else the session's, else the default."""
    value = st.query_params.get(LANG)
    return language(value if value is not None else st.session_state.get(SESSION_KEY))


def t() -> Translator:
    """The translator of the current language."""
    return translator(current())


def keep(lang: str) -> None:
    """Remember ``lang`` for the session and make the address bar say it (the default: no parameter)."""
    st.session_state[SESSION_KEY] = lang
    if lang == DEFAULT_LANGUAGE:
        if LANG in st.query_params:
            del st.query_params[LANG]
    elif st.query_params.get(LANG) != lang:
        st.query_params[LANG] = lang


def _on_switch() -> None:
    picked = st.session_state.get(SWITCH_KEY)
    if picked:  # a second click on the chosen language unselects it: keep the language
        keep(picked)


def switch(lang: str) -> None:
    """The sidebar's ``English | العربية`` switch, first in it; each language named in itself."""
    st.session_state[SWITCH_KEY] = lang
    st.sidebar.segmented_control(
        translator(lang)("language.switch"), LANGUAGES, key=SWITCH_KEY, on_change=_on_switch,
        format_func=lambda code: translator(code)("language.name"), label_visibility="collapsed",
    )


def font_css(assets: AssetUrls) -> str:
    """The shipped font's ``@font-face`` rules, their files under ``assets`` (as the maps load them)."""
    stylesheet = assets.url("kh_fonts_css")
    folder = stylesheet.rsplit("/", 1)[0]
    with open(f"{BASE_DIR}/noto-sans-arabic.css", encoding="utf-8") as fh:
        return fh.read().replace("url(./", f"url({folder}/")


def page_css(lang: str, assets: AssetUrls) -> str:
    """The page's ``<style>``: the font everywhere (Material icons aside), and in Arabic the whole app
    right to left, so Streamlit's flex layout puts the sidebar on the right and text aligns right."""
    direction = translator(lang).dir
    fonts = f'"{FAMILY}", {STREAMLIT_FONT}' if direction == "rtl" else f'"Source Sans", "{FAMILY}", sans-serif'
    rules = [
        font_css(assets),
        f"html, body, .stApp, .stApp :is(p, h1, h2, h3, h4, h5, h6, li, label, input, textarea, button, a, th, td,"
        f" div, span):not([translate=no], [data-testid*=Icon], code, code *)"
        f" {{ font-family: {fonts}; }}",
    ]
    if direction == "rtl":
        rules.append(
            "[data-testid=stApp] { direction: rtl; }\n"
            # Streamlit places the sidebar's resize handle and collapse button for a sidebar on the left.
            "[data-testid=stSidebarResizeHandle] { right: auto; left: -1px; }\n"
            "[data-testid=stMarkdownContainer], [data-testid=stCaptionContainer] { text-align: right; }"
        )
    return "<style>\n" + "\n".join(rules) + "\n</style>"


def apply(assets: AssetUrls) -> Translator:
    """The current language kept in the address bar, its switch drawn and its CSS on the page; its translator.
    Called by :func:`ui.page.setup` on every page."""
    lang = current()
    keep(lang)
    st.html(page_css(lang, assets))
    switch(lang)
    return translator(lang)
