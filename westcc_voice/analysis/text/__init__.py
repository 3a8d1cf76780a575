"""Free text: codebooks, theme coding, language screening and sentiment triage."""
