"""Questionnaires as data: read, validate and resolve the files in surveys/.

``load_catalogue(surveys_dir, licensed_dir)`` reads every framework, answer set, scale
and questionnaire file and returns them resolved, with every problem found listed as a
``DefinitionError`` (file, line, field, what was expected). Nothing is half-loaded: a
caller stores surveys only when the list of errors is empty.
"""

from .errors import DefinitionError
from .loader import Catalogue, load_catalogue

__all__ = ["Catalogue", "DefinitionError", "load_catalogue"]
