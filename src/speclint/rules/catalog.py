"""The explicit list of built-in domain rules (one module each)."""

from __future__ import annotations

DOMAIN_RULES: list = []
