"""Safeguarding: possible-disclosure detection in free text and the DSL queue.

``detect.scan(text)`` reads a raw (unredacted) answer and returns the concerns that
send it to the school's designated safeguarding lead.
"""

from .detect import Concern, scan

__all__ = ["Concern", "scan"]
