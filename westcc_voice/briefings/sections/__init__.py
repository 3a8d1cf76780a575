"""A briefing is the list of registered sections, in order.

A section is a class with a ``key``, an ``order`` and a ``views(ctx)`` method returning
zero or more ``SectionView``s (one section class may give several pages' worth, e.g. one
per outcome domain). Its template is ``templates/briefings/sections/<key>.html`` unless
it names another. To add a section, write a class and decorate it with ``@register``:
nothing else needs editing.

A briefing comes as two documents: the ``short`` one the steering group reads in five
minutes (headlines first), and the ``appendix`` with every chart and table. A section's
``documents`` says which of the two it belongs to.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

from ..model import BriefingContext

SECTIONS: list[type[Section]] = []
SHORT = "short"
APPENDIX = "appendix"
#: A scope with no responses at all gets a one-page note instead of either document.
EMPTY = "empty"
DOCUMENTS = (SHORT, APPENDIX, EMPTY)


@dataclass
class SectionView:
    """What one section shows: plain data for its template, and charts made on ``ctx``."""

    key: str
    title: str
    anchor: str
    template: str
    data: dict[str, Any] = field(default_factory=dict)
    #: Start on a new page in print.
    new_page: bool = True
    #: Listed in the contents on the cover.
    in_contents: bool = True


class Section:
    key: ClassVar[str] = ""
    title: ClassVar[str] = ""
    order: ClassVar[int] = 100
    new_page: ClassVar[bool] = True
    in_contents: ClassVar[bool] = True
    documents: ClassVar[frozenset[str]] = frozenset({APPENDIX})

    @classmethod
    def template(cls) -> str:
        return f"briefings/sections/{cls.key}.html"

    @classmethod
    def views(cls, ctx: BriefingContext) -> list[SectionView]:
        data = cls.build(ctx)
        if data is None:
            return []
        return [cls.view(data)]

    @classmethod
    def view(cls, data: dict[str, Any], *, key: str | None = None, title: str | None = None,
             anchor: str | None = None) -> SectionView:
        key = key or cls.key
        return SectionView(key, title or cls.title, anchor or f"s-{key}".replace(".", "-"),
                           cls.template(), data, cls.new_page, cls.in_contents)

    @classmethod
    def build(cls, ctx: BriefingContext) -> dict[str, Any] | None:
        """The template's data, or None to leave the section out. A section overrides
        this, or ``views`` when it makes several pages (``register`` checks)."""
        return None


def register(cls: type[Section]) -> type[Section]:
    """Add a section class to every briefing, placed by its ``order``."""
    if cls.build.__func__ is Section.build.__func__ and \
            cls.views.__func__ is Section.views.__func__:
        raise TypeError(f"briefing section {cls.__name__} defines neither build nor views")
    if any(s.key == cls.key for s in SECTIONS):
        raise ValueError(f"a briefing section {cls.key!r} is registered already")
    SECTIONS.append(cls)
    SECTIONS.sort(key=lambda s: s.order)
    return cls


def build_sections(ctx: BriefingContext, document: str = SHORT) -> list[SectionView]:
    """The sections of one of the two documents (``short`` or ``appendix``)."""
    if document not in DOCUMENTS:
        raise ValueError(f"document must be one of {', '.join(DOCUMENTS)}, not {document!r}")
    _load_builtin()
    return [view for cls in SECTIONS if document in cls.documents for view in cls.views(ctx)]


def _load_builtin() -> None:
    """The built-in sections register themselves on import."""
    from . import (  # noqa: F401
        back,
        change,
        equity,  # noqa: F401
        front,
        headlines,
        outcomes,
    )


__all__ = ["APPENDIX", "DOCUMENTS", "EMPTY", "SECTIONS", "SHORT", "Section", "SectionView",
           "build_sections", "register"]
