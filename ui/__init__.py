"""Streamlit pieces shared by app.py and pages/: set-up, errors, filters, panels."""
