"""Staff pages: sign-in, class sessions, links, dashboards, moderation and exports."""
