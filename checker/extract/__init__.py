"""Extraction: one article -> claims (numbers linked to what they count, each with its frame).

`extract_article(article, rules)` is the entry point; `compile_rules(load_rulebook(dir))` builds `rules` once.
Modules by job: compiled (the rule book made ready), clauses (clause and noun-group bounds), link (number ->
measure), frame (qualifiers, modality, attribution, as-of), when (event dates), claims (the one constructor).
"""

from checker.extract.article import extract_article
from checker.extract.compiled import CompiledRules, compile_rules

__all__ = ["CompiledRules", "compile_rules", "extract_article"]
