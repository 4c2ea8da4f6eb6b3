"""Text handling shared by every part of Kharita: normalisation, layout and language."""

from geo.text.language import detect_language
from geo.text.layout import Layout
from geo.text.normalize import fold, latin_skeleton, normalize, normalize_with_offsets

__all__ = ["Layout", "detect_language", "fold", "latin_skeleton", "normalize", "normalize_with_offsets"]
