"""Geoparsing: find every place a text names and resolve it with the gazetteer.

Arabic first, English second, fully offline. Recognition is one pass of an
Aho-Corasick automaton over the normalised text (:mod:`geo.text`) with every
gazetteer name (:mod:`~geo.geoparse.automaton`, :mod:`~geo.geoparse.scan`),
followed by rules that check word boundaries and Arabic proclitics, prefer the
longest name, and drop names that belong to people and organisations
(:mod:`~geo.geoparse.rules`, word lists in ``lexicon/``). Resolution ranks each
name's candidates by the kind its head word expects (ولاية هيرات is the
province), by population and kind priors, and by the countries and provinces
the rest of the article names (:mod:`~geo.geoparse.context`,
:mod:`~geo.geoparse.resolve`). For English, an optional statistical model
reviews the rules' matches (:mod:`geo.ner`). :class:`Geoparser` runs the steps.

>>> result = parse("وطردت القوات الأفغانية مسلحي طالبان من مدينة قلعة ناو عاصمة ولاية بادغيس")
>>> [(m.text, m.role, m.place.name) for m in result.mentions]
[('الأفغانية', 'demonym', 'Afghanistan'), ('قلعة ناو', 'literal', 'Qala-i-Naw'), ('ولاية بادغيس', 'literal', 'Badghis')]
"""

from geo.geoparse.parser import Geoparser, default_parser, parse
from geo.geoparse.version import parser_version

__all__ = ["Geoparser", "default_parser", "parse", "parser_version"]
