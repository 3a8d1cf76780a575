"""Whose is a replayed submission? Its receipt goes back only to where it was sent from.

A tablet that lost the answer to its upload sends the same submission UUID again and
must get the first receipt back (the receipt can withdraw the response). Anyone else who
learnt that UUID must not. The check uses only what the response already records, so no
identifier is added to it (the anonymity model keeps the class session off responses):

- sent through a link: the replay must name that same link (``Response.link_id``);
- sent in a class session: the session named must agree with everything the response
  records about where it came from: no link, the same school, year group, wave and
  survey version. Another class of that year group at that school could pass, but only
  while holding the UUID, which is random and kept only on the device that sent it.

The session may have closed since: a queued tablet's retry still gets its receipt.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import ClassSession, Link, Response
from ..staff.codes import normalise_join_code

if TYPE_CHECKING:
    from .context import RespondentContext


def same_context(session: Session, response_id: int, kind: str, key: object,
                 context: RespondentContext | None = None) -> bool:
    """Whether a replay naming ``kind`` ("session" or "link") and ``key`` may have the
    receipt of response ``response_id``. ``context``: the class session or link already
    resolved from that key, when the caller has it, so it is not read again."""
    response = session.get(Response, response_id)
    if response is None or not isinstance(key, str) or not key:
        return False
    if kind == "link":
        link_id = (context.link_id if context is not None
                   else session.scalar(select(Link.id).where(Link.token == key)))
        return link_id is not None and link_id == response.link_id
    if kind != "session" or response.link_id is not None:
        return False
    if context is not None:
        found = (context.school_id, context.wave_id, context.survey.id, context.year_group)
    else:
        row = session.execute(
            select(ClassSession.school_id, ClassSession.wave_id,
                   ClassSession.survey_version_id, ClassSession.year_group)
            .where(ClassSession.join_code == normalise_join_code(key))).first()
        if row is None:
            return False
        found = tuple(row)
    return (found[:3] == (response.school_id, response.wave_id, response.survey_version_id)
            and response.year_group in (None, found[3]))
