"""Kharita's library: gazetteer, geoparser, article store and map building.

Nothing here imports Streamlit; the app and the CLI both sit on top of it.
"""
