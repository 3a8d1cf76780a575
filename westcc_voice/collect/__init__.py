"""Respondent side: joining, survey pages, submission and the intake pipeline."""
