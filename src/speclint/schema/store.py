"""The shipped schema files: where they are, which document uses which, and `$ref` retrieval.

Schemas ship inside the wheel (`speclint/schemas/`); a source checkout keeps them in the
top-level `schemas/` folder. `load_schema(name)` reads one (a dict, cached per process);
`retrieve(uri)` answers a `$ref` to another file: the schema in the folder whose `$id` is
that URI, or else the file of that name in the folder. Nothing is ever fetched from the
network, and nothing outside the folder is read.
"""

from __future__ import annotations

import json
import os
from functools import lru_cache
from typing import Optional

SCHEMA_FILES = {
    "buildspec-0.2": "buildspec-0.2.schema.json",
    "buildspec-0.1": "buildspec-0.1.schema.json",
    "appspec-ec2": "appspec-ec2.schema.json",
    "appspec-lambda": "appspec-lambda.schema.json",
    "appspec-ecs": "appspec-ecs.schema.json",
}


@lru_cache(maxsize=1)
def schema_folder() -> str:
    """The folder holding the schema files (a str path)."""
    here = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # speclint/
    packaged = os.path.join(here, "schemas")
    if os.path.isdir(packaged):
        return packaged
    return os.path.join(os.path.dirname(os.path.dirname(here)), "schemas")


def schema_dir():
    """The schema folder as a Path (pathlib is imported only here: it is slow to import)."""
    from pathlib import Path

    return Path(schema_folder())


def _read(file_name: str) -> dict:
    with open(os.path.join(schema_folder(), file_name), encoding="utf-8") as handle:
        return json.load(handle)


@lru_cache(maxsize=None)
def load_schema(name: str) -> dict:
    """The schema called `name` (a key of SCHEMA_FILES). KeyError for an unknown name."""
    return _read(SCHEMA_FILES[name])


@lru_cache(maxsize=None)
def _by_id() -> dict:
    """$id -> file name, for every JSON file in the schema folder."""
    table: dict = {}
    for file_name in sorted(os.listdir(schema_folder())):
        if file_name.endswith(".json"):
            try:
                schema = _read(file_name)
            except (OSError, ValueError):
                continue
            if isinstance(schema, dict) and isinstance(schema.get("$id"), str):
                table.setdefault(schema["$id"].split("#", 1)[0], file_name)
    return table


@lru_cache(maxsize=None)
def retrieve(uri: str) -> Optional[dict]:
    """The schema a `$ref` names by URI (no fragment), from the schema folder; None if none."""
    file_name = _by_id().get(uri)
    if file_name is None:
        candidate = uri.rstrip("/").rsplit("/", 1)[-1]
        if not candidate.endswith(".json") or not os.path.isfile(os.path.join(schema_folder(), candidate)):
            return None
        file_name = candidate
    try:
        schema = _read(file_name)
    except (OSError, ValueError):
        return None
    return schema if isinstance(schema, dict) else None
