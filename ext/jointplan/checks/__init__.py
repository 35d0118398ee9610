"""Checks of the sources (encoding, raw markup, content policy, toctree cycles) and the
one helper that emits warnings."""
