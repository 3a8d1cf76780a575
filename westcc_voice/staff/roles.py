"""Who may do what: the one place roles are checked.

Every staff view declares the permission it needs with ``@requires("...")``; the table
below is the whole policy. School-scoped roles see their own school only:
``visible_school_ids(user)`` is what queries filter by.

Safeguarding flags follow their own rule (``flag_filter`` for queries, ``may_see_flag``
for one flag): a school's DSL sees that school's flags; the partnership safeguarding lead
(``partnership_dsl``, no school, no school's results) sees flags with no school, from
parents' and community members' answers on links without a school; and anyone a flag
was handed to sees it. ``may_take_flag`` says who a flag may be handed to.
"""

from __future__ import annotations

from functools import wraps

from flask import abort
from flask_login import current_user, login_required
from sqlalchemy import ColumnElement, false, or_

from ..models import NO_SCHOOL_ROLES, SCHOOL_ROLES, SafeguardingFlag, StaffUser

PERMISSIONS: dict[str, frozenset[str]] = {
    "admin": frozenset({
        "view_dashboard", "run_class_session", "manage_links", "view_results",
        "download_briefing", "approve_quotes", "manage_staff", "export_data", "read_audit_log",
        "lift_blocks", "manage_waves",
    }),
    "steering": frozenset({"view_dashboard", "view_results", "download_briefing"}),
    "school_lead": frozenset({
        "view_dashboard", "run_class_session", "manage_links", "view_results",
        "download_briefing", "approve_quotes", "lift_blocks",
    }),
    "teacher": frozenset({"view_dashboard", "run_class_session", "view_results"}),
    "dsl": frozenset({"view_dashboard", "review_safeguarding"}),
    "partnership_dsl": frozenset({"view_dashboard", "review_safeguarding"}),
}
#: Roles that read safeguarding flags and can be handed one.
FLAG_ROLES = ("dsl", "partnership_dsl")


def can(user: StaffUser | None, permission: str) -> bool:
    if user is None or not getattr(user, "is_authenticated", False) or not user.active:
        return False
    return permission in PERMISSIONS.get(user.role, frozenset())


def visible_school_ids(user: StaffUser) -> set[int] | None:
    """The schools a user may see; None means every school in the partnership."""
    if user.role in SCHOOL_ROLES:
        return {user.school_id}
    if user.role in NO_SCHOOL_ROLES:
        return set()
    return None


def may_see_school(user: StaffUser, school_id: int | None) -> bool:
    allowed = visible_school_ids(user)
    return allowed is None or school_id in allowed


def flag_filter(user: StaffUser) -> ColumnElement[bool]:
    """The safeguarding flags a user may read, as a WHERE clause."""
    if not can(user, "review_safeguarding"):
        return false()
    handed = SafeguardingFlag.assigned_to_id == user.id
    if user.role in NO_SCHOOL_ROLES:
        return or_(SafeguardingFlag.school_id.is_(None), handed)
    return or_(SafeguardingFlag.school_id == user.school_id, handed)


def may_see_flag(user: StaffUser, flag: SafeguardingFlag) -> bool:
    if not can(user, "review_safeguarding"):
        return False
    if flag.assigned_to_id == user.id:
        return True
    if user.role in NO_SCHOOL_ROLES:
        return flag.school_id is None
    return flag.school_id is not None and flag.school_id == user.school_id


def may_take_flag(user: StaffUser, flag: SafeguardingFlag) -> bool:
    """Whether a flag may be handed to ``user``: the school's DSLs or a partnership lead."""
    if not user.active or user.role not in FLAG_ROLES:
        return False
    return user.role in NO_SCHOOL_ROLES or (
        flag.school_id is not None and user.school_id == flag.school_id)


def requires(permission: str):
    """Decorator: sign-in needed, then the permission, else 403."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if not can(current_user, permission):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorator
