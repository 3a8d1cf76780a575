"""Privacy: redaction, suppression and retention.

``suppression.SuppressionPolicy`` is the one policy that every figure, table, chart and
quote passes through before it leaves the system.
"""
