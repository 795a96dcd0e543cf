"""What the host readers find: one buildspec inside a host file (Hosted), and the helpers
that build its text and PositionMap (speclint.source.positions) character by character."""

from __future__ import annotations

import re
from typing import Iterable, Optional

from speclint.record import field, record
from speclint.source.positions import PositionMap


@record
class Hosted:
    """One buildspec found in a host file.

    `text` is the buildspec as CodeBuild receives it (template placeholders replaced by
    same-length stand-ins), None when it is not checked; then `note` says why (an info
    finding at `span`). `position_map` maps offsets of `text` (code points) to offsets of
    the host text. `placeholders` are (start, end) offsets of `text` that stand for values
    only known at deploy time: no finding may come from them. `path` is a buildspec named
    by path (`BuildSpec: ci/buildspec.yml`), relative to the source root. `context` holds
    what the project definition says: image, environment_type, source_type, batch.
    """

    name: str  # the resource name, e.g. "BuildProject" or "BuildProject.SecondarySources[0]"
    span: tuple  # (line, column, end line, end column) of the buildspec value in the host, 1-based
    text: Optional[str] = None
    position_map: PositionMap = field(default_factory=PositionMap)
    placeholders: list = field(default_factory=list)
    note: Optional[str] = None
    hint: Optional[str] = None  # what to do about `note`
    path: Optional[str] = None
    context: dict = field(default_factory=dict)
    # "yaml", "json" (a JSON-encoded string, as CDK writes fromObject) or "hcl"
    origin: str = "yaml"
    # no buildspec in the project: CodeBuild reads buildspec.yml at the source root (`path`);
    # linted with the project's context when it is there, nothing said when it is not
    implicit: bool = False


def map_from_offsets(offsets: list, exact: list) -> PositionMap:
    """A PositionMap from the host offset of each document character (and whether that
    character is written verbatim there). Consecutive verbatim characters share one run;
    every inexact character (an escape, a placeholder's character) is its own run, so a
    placeholder of the same length still maps character by character."""
    runs: list = []
    inexact: list = []
    previous = None
    for i, host in enumerate(offsets):
        verbatim = exact[i]
        if verbatim and previous is not None and previous[1] and host == previous[0] + 1:
            previous = (host, True)
            continue
        if not verbatim:
            inexact.append(len(runs))
        runs.append((i, host))
        previous = (host, verbatim)
    if not runs:
        runs.append((0, 0))
    return PositionMap(runs, len(offsets), inexact)


def placeholder(written: str) -> str:
    """A stand-in of the same length for a template sequence such as `${AWS::Region}`:
    its letters and digits kept, everything else `_`, so the buildspec keeps its YAML and
    shell structure (one plain word) and every later character keeps its position."""
    return "".join(c if c.isascii() and c.isalnum() else "_" for c in written)


_SUB = re.compile(r"\$\{(!?)([^}]*)\}")


def substitute(value: str, host_offsets: list, exact: list) -> tuple[str, list, list, list]:
    """CloudFormation `Fn::Sub`: `${Name}` -> a same-length placeholder, `${!Literal}` -> the
    literal `${Literal}`. Returns (text, host offsets, exactness, placeholder ranges).
    A `${` without its `}` is left as written (CloudFormation passes it through)."""
    out: list = []
    offsets: list = []
    flags: list = []
    holes: list = []
    position = 0
    for match in _SUB.finditer(value):
        start, end = match.span()
        out.append(value[position:start])
        offsets.extend(host_offsets[position:start])
        flags.extend(exact[position:start])
        if match.group(1):  # ${!Literal}: the "!" is dropped
            bang = start + 2
            out.append("${" + match.group(2) + "}")
            offsets.extend(host_offsets[start:bang] + host_offsets[bang + 1:end])
            flags.extend(exact[start:bang] + exact[bang + 1:end])
        else:
            begin = sum(len(part) for part in out)
            out.append(placeholder(match.group(0)))
            offsets.extend(host_offsets[start:end])
            flags.extend([False] * (end - start))
            holes.append((begin, begin + end - start))
        position = end
    out.append(value[position:])
    offsets.extend(host_offsets[position:])
    flags.extend(exact[position:])
    return "".join(out), offsets, flags, holes


S3_ARN = re.compile(r"^arn:aws[a-z-]*:s3:::")


def classify_value(text: str) -> str:
    """What a literal BuildSpec value is: "s3" (an S3 ARN), "path" (a file in the source)
    or "inline" (the buildspec itself). CodeBuild reads a value naming a file when it is one
    line without a YAML mapping (`ci/buildspec.yml`); anything with `key:` structure is a
    buildspec (AWS CodeBuild API reference, ProjectSource.buildspec)."""
    stripped = text.strip()
    if S3_ARN.match(stripped):
        return "s3"
    if "\n" not in stripped and ": " not in stripped and not stripped.endswith(":") and not stripped.startswith("{"):
        return "path"
    return "inline"


def intersects(ranges: Iterable[tuple], start: int, end: int) -> bool:
    return any(a < max(end, start + 1) and start < b for a, b, *_written in ranges)
