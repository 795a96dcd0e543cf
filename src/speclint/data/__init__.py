"""Tables that change with AWS, kept as data files next to this module."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=None)
def load(name: str) -> dict:
    return json.loads((Path(__file__).with_name(name)).read_text(encoding="utf-8"))
