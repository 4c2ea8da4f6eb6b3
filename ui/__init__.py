"""Streamlit pieces shared by app.py and pages/: set-up and errors, links, filters, sidebar, panels."""
