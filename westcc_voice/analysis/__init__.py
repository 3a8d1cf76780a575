"""Analysis: responses -> frame -> scores, themes, comparisons -> suppressed Summary.

Pure Python and pandas, no Flask: functions take plain data and return plain data.
The public entry is ``build_summary``; everything it returns is in ``summary.py``.
"""

from ..privacy.suppression import SuppressionPolicy
from .build import build_summary, summarise
from .frames import ResponseFrame, load_frame
from .summary import Summary

__all__ = ["ResponseFrame", "Summary", "SuppressionPolicy", "build_summary", "load_frame",
           "summarise"]
