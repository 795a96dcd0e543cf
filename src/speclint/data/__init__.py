"""Tables that change with AWS, kept as data files next to this module."""

from __future__ import annotations

import json
import os
from functools import lru_cache


@lru_cache(maxsize=None)
def load(name: str) -> dict:
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), name), encoding="utf-8") as handle:
        return json.load(handle)
