#!/usr/bin/env python3
"""Regenerate src/speclint/data/runtimes.json from a checkout of aws/aws-codebuild-docker-images.

    git clone https://github.com/aws/aws-codebuild-docker-images /tmp/images
    python scripts/update_runtimes.py /tmp/images            # rewrite the table
    python scripts/update_runtimes.py /tmp/images --check    # exit 1 if the table is stale

Every `runtimes.yml` below the checkout becomes one image: its folder gives the id
(`ubuntu/standard/7.0` -> aws/codebuild/standard:7.0; `al/<arch>/standard/<v>` ->
amazonlinux-<arch>-standard or, when its Dockerfile starts FROM Amazon Linux 2,
amazonlinux2-<arch>-standard), the keys under `runtimes.<name>.versions` give the versions
(read as text, so `3.10` stays "3.10"), and a `default` entry marks the runtime as able to
install custom versions. What a checkout cannot tell - whether AWS still maintains an
image, and its successor - is kept from the current table; a new image under
`unsupported_images/` is marked unmaintained.
"""

from __future__ import annotations

import argparse
import datetime
import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TABLE = ROOT / "src" / "speclint" / "data" / "runtimes.json"
sys.path.insert(0, str(ROOT / "src"))

from speclint.source.loader import load  # noqa: E402  (speclint's own loader keeps scalar text)
from speclint.source.nodes import MappingNode, key_text  # noqa: E402


def image_id(folder: Path, checkout: Path) -> str:
    rel = folder.relative_to(checkout).as_posix()
    rel = re.sub(r"^unsupported_images/", "", rel)
    parts = rel.split("/")
    if parts[0] == "ubuntu":
        return f"aws/codebuild/standard:{parts[-1]}"
    arch, version = parts[1], parts[-1]
    family = "amazonlinux2" if parts[0] == "al2" or _from_amazon_linux_2(folder) else "amazonlinux"
    return f"aws/codebuild/{family}-{arch}-standard:{version}"


def _from_amazon_linux_2(folder: Path) -> bool:
    dockerfile = folder / "Dockerfile"
    if not dockerfile.is_file():
        return False
    for line in dockerfile.read_text(encoding="utf-8", errors="replace").splitlines():
        if line.strip().upper().startswith("FROM "):
            # amazoncorretto images are built on Amazon Linux 2 (aws/codebuild/amazonlinux2-x86_64-standard:corretto8)
            return bool(re.search(r"amazonlinux:2(?:\.|$|\s)|amazoncorretto:", line.strip()))
    return False


def base_of(folder: Path) -> str:
    dockerfile = folder / "Dockerfile"
    if dockerfile.is_file():
        for line in dockerfile.read_text(encoding="utf-8", errors="replace").splitlines():
            match = re.match(r"\s*FROM\s+\S*?(ubuntu|amazonlinux):(\S+)", line, re.I)
            if match:
                name = "Ubuntu" if match.group(1).lower() == "ubuntu" else "Amazon Linux"
                return f"{name} {match.group(2).split('-')[0]}"
    return ""


def sh_of(folder: Path) -> str:
    """What /bin/sh is in the image: dash in an Ubuntu base, bash in Amazon Linux and Amazon
    Corretto bases (no Dockerfile in the repository relinks it)."""
    dockerfile = folder / "Dockerfile"
    text = dockerfile.read_text(encoding="utf-8", errors="replace") if dockerfile.is_file() else ""
    base = next((line for line in text.splitlines() if line.strip().upper().startswith("FROM ")), "")
    return "dash" if re.search(r"[/:]ubuntu[:/]|\bubuntu:", base) else "bash"


def aws_cli_of(folder: Path):
    """The AWS CLI major version the Dockerfile installs: 2 (awscli-exe-linux), 1 (pip awscli), None."""
    dockerfile = folder / "Dockerfile"
    text = dockerfile.read_text(encoding="utf-8", errors="replace") if dockerfile.is_file() else ""
    if "awscli-exe-linux" in text:
        return 2
    return 1 if re.search(r"pip3?\s+install[^\n]*\bawscli\b", text) else None


def read_runtimes(path: Path) -> dict:
    loaded = load(path.read_bytes())
    if loaded.problems or not isinstance(loaded.root, MappingNode):
        raise SystemExit(f"{path}: cannot read it: {[p.message for p in loaded.problems]}")
    runtimes = loaded.root.get("runtimes")
    out = {}
    if isinstance(runtimes, MappingNode):
        for name_node, body in runtimes.entries():
            versions_node = body.get("versions") if isinstance(body, MappingNode) else None
            versions = [key_text(k) for k, _ in versions_node.entries()] if isinstance(versions_node, MappingNode) else []
            out[key_text(name_node)] = {"versions": [v for v in versions if v != "default"], "custom": "default" in versions}
    return out


def _keep_order(new: dict, old: dict) -> dict:
    """Runtime names in the current table's order (their order means nothing), new ones last."""
    return {name: new[name] for name in [n for n in old if n in new] + [n for n in new if n not in old]}


def build_table(checkout: Path, current: dict, date: str, commit: str = "") -> dict:
    """The new table. Images keep the current table's order (new ones go last) and every
    field the checkout does not give (maintained, successor, requires_runtime, and any other
    per-image field) is kept, so a regeneration changes only what changed upstream."""
    found = {}
    for path in sorted(checkout.rglob("runtimes.yml")):
        folder = path.parent
        ident = image_id(folder, checkout)
        old = current.get("images", {}).get(ident, {})
        unsupported = folder.relative_to(checkout).as_posix().startswith("unsupported_images/")
        entry = dict(old)
        entry.update({
            "folder": folder.relative_to(checkout).as_posix(),
            "base": base_of(folder) or old.get("base", ""),
            "sh": sh_of(folder),
            "aws_cli": aws_cli_of(folder),
            "arch": "aarch64" if "aarch64" in ident else "x86_64",
            "maintained": old.get("maintained", not unsupported) and not unsupported,
            "successor": old.get("successor"),
            "requires_runtime": old.get("requires_runtime", False),
            "runtimes": _keep_order(read_runtimes(path), old.get("runtimes", {})),  # versions: the file's (AWS's) order
        })
        found[ident] = entry
    order = [i for i in current.get("images", {}) if i in found] + [i for i in found if i not in current.get("images", {})]
    images = {i: found[i] for i in order}
    names = sorted({name for info in images.values() for name in info["runtimes"]} | set(current.get("runtime_names", [])))
    table = dict(current)
    table.update({"date": date, "runtime_names": names, "images": images})
    if commit:
        old_commit = re.compile(r"\b[0-9a-f]{40}\b")
        table["source"] = old_commit.sub(commit, table.get("source", ""))
        if "sources" in table:
            table["sources"] = {k: old_commit.sub(commit, v) for k, v in table["sources"].items()}
    return table


def checkout_commit(checkout: Path) -> str:
    try:
        out = subprocess.run(["git", "-C", str(checkout), "rev-parse", "HEAD"], capture_output=True, text=True, check=True)
        return out.stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def checkout_date(checkout: Path) -> str:
    try:
        out = subprocess.run(["git", "-C", str(checkout), "log", "-1", "--format=%cs"], capture_output=True, text=True, check=True)
        return out.stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return datetime.date.today().isoformat()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("checkout", type=Path, help="a clone of github.com/aws/aws-codebuild-docker-images")
    parser.add_argument("--table", type=Path, default=TABLE, help="the JSON table to rewrite")
    parser.add_argument("--date", default=None, help="the table's date (default: the checkout's last commit)")
    parser.add_argument("--check", action="store_true", help="only report whether the table is up to date")
    args = parser.parse_args(argv)
    current = json.loads(args.table.read_text(encoding="utf-8")) if args.table.exists() else {}
    table = build_table(args.checkout, current, args.date or checkout_date(args.checkout), checkout_commit(args.checkout))
    text = json.dumps(table, indent=1) + "\n"
    if args.check:
        stale = args.table.read_text(encoding="utf-8") != text if args.table.exists() else True
        print("stale" if stale else "up to date", args.table)
        return 1 if stale else 0
    args.table.write_text(text, encoding="utf-8")
    added = sorted(set(table["images"]) - set(current.get("images", {})))
    removed = sorted(set(current.get("images", {})) - set(table["images"]))
    print(f"wrote {args.table}: {len(table['images'])} images" + (f"; new: {', '.join(added)}" if added else "")
          + (f"; gone: {', '.join(removed)}" if removed else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
