"""Who may do what: the one place roles are checked.

Every staff view declares the permission it needs with ``@requires("...")``; the table
below is the whole policy. School-scoped roles see their own school only:
``visible_school_ids(user)`` is what queries filter by.
"""

from __future__ import annotations

from functools import wraps

from flask import abort
from flask_login import current_user, login_required

from ..models import SCHOOL_ROLES, StaffUser

PERMISSIONS: dict[str, frozenset[str]] = {
    "admin": frozenset({
        "view_dashboard", "run_class_session", "manage_links", "view_results",
        "download_briefing", "approve_quotes", "manage_staff", "export_data",
    }),
    "steering": frozenset({"view_dashboard", "view_results", "download_briefing"}),
    "school_lead": frozenset({
        "view_dashboard", "run_class_session", "manage_links", "view_results",
        "download_briefing", "approve_quotes",
    }),
    "teacher": frozenset({"view_dashboard", "run_class_session"}),
    "dsl": frozenset({"view_dashboard", "review_safeguarding"}),
}


def can(user: StaffUser | None, permission: str) -> bool:
    if user is None or not getattr(user, "is_authenticated", False) or not user.active:
        return False
    return permission in PERMISSIONS.get(user.role, frozenset())


def visible_school_ids(user: StaffUser) -> set[int] | None:
    """The schools a user may see; None means every school in the partnership."""
    if user.role in SCHOOL_ROLES:
        return {user.school_id}
    return None


def may_see_school(user: StaffUser, school_id: int | None) -> bool:
    allowed = visible_school_ids(user)
    return allowed is None or school_id in allowed


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
