"""Imported once by the worker pool's fork server: every worker starts with the stages
imported and their lexicons, gazetteer and matchers built, instead of building them again."""

from .normalise import _splitter
from .segment import lexicon
from .structure.fields import region_aliases
from .structure.municipalities import _matcher
from .worker import process_file  # noqa: F401

lexicon()
_matcher()
region_aliases()
_splitter()
