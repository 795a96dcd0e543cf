"""What each CodeBuild image ships: the runtime table (data/runtimes.json) and questions about it.

The rules ask: which image is this buildspec for (and is it known, maintained, able to
select runtimes)? Does it have this runtime? Does it accept this version, and how: as a
shipped version, a `N.x` alias, `latest`, a variable, or a custom version installed at build
time? Without an image, only what holds on every maintained image is asked.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from speclint.data import load
from speclint.record import record

PREFIX = "aws/codebuild/"
VARIABLE = re.compile(r"^\$\{?[A-Za-z_][A-Za-z0-9_]*\}?$")
# What any version looks like: digits with dots, an optional .x, java's vendor prefix.
VERSION_SHAPE = re.compile(r"^(?:corretto|openjdk)?\d+(?:\.\d+)*(?:\.x)?$")


def table() -> dict:
    return load("runtimes.json")


def source_line() -> str:
    data = table()
    return f"Runtime table: {data['source']}; as of {data['date']} ({data['caveat']})."


@record(frozen=True)
class Image:
    """An image as the user named it, resolved against the table."""

    name: str  # as written
    id: Optional[str]  # the table's id, when known
    kind: str  # "codebuild" (in the table), "no-selection" (Lambda, Windows), "custom", "unknown"
    why: str = ""  # for no-selection: what kind of image

    @property
    def selects_runtimes(self) -> bool:
        """False for custom, Lambda and Windows images: CodeBuild skips runtime-versions there."""
        return self.kind not in ("custom", "no-selection")

    @property
    def info(self) -> Optional[dict]:
        return table()["images"].get(self.id) if self.id else None


def normalize(name: str) -> str:
    """An image name as the table spells it: `standard:7.0` is short for
    aws/codebuild/standard:7.0 (a CodeBuild repository without its prefix); any other name
    without a registry (`node:18`, `amazonlinux:2`) is a Docker Hub image, a custom one."""
    text = name.strip()
    if text.startswith("public.ecr.aws/codebuild/"):
        text = PREFIX + text[len("public.ecr.aws/codebuild/"):]
    if not text.startswith(PREFIX) and "/" not in text and ":" in text and _codebuild_repository(text.split(":")[0]):
        text = PREFIX + text
    return text


@lru_cache(maxsize=64)
def _codebuild_repository(name: str) -> bool:
    """Whether `name` is the repository of a CodeBuild image the table knows (`standard`,
    `amazonlinux-x86_64-standard`, `windows-base`...), not a Docker Hub image's (`node`)."""
    data = table()
    named = set(data["images"]) | set(data.get("aliases", {})) | set(data.get("aliases", {}).values())
    if any(image.split(":")[0] == PREFIX + name for image in named):
        return True
    return any(re.match(entry["pattern"], f"{PREFIX}{name}:") for entry in data["no_runtime_selection"])


@lru_cache(maxsize=64)
def resolve(name: str) -> Image:
    text = normalize(name)
    data = table()
    text = data.get("aliases", {}).get(text, text)  # another name AWS uses for the same image
    if text in data["images"]:
        return Image(name, text, "codebuild")
    for entry in data["no_runtime_selection"]:
        if re.match(entry["pattern"], text):
            return Image(name, None, "no-selection", entry["what"])
    if text.startswith(PREFIX):
        return Image(name, None, "unknown")
    return Image(name, None, "custom", "a custom image")


@record(frozen=True)
class ImageChoice:
    """Which image a buildspec is checked against, and why that one (its provenance)."""

    name: str  # as written where it was found
    source: str  # "flag", "comment" or "configuration"
    why: str  # for people: "--image", "its `# speclint: image=` comment", "`image` in pyproject.toml"
    origin: Optional[tuple] = None  # (line, column, end column) of the comment's value, 1-based

    @property
    def image(self) -> "Image":
        return resolve(self.name)


def choose_image(context, comment: Optional[str] = None, comment_origin: Optional[tuple] = None) -> Optional[ImageChoice]:
    """The one place that decides a buildspec's image: `--image`, else the file's `# speclint:
    image=` comment, else the configuration (`images` glob, then `image`). None when nothing
    names one; the rules then say only what holds on every image.

    `context` is the file's speclint.context.LintContext: `image` is the flag, `config_image`
    and `config_image_where` the configuration's value and where it came from.
    """
    if context.image:
        return ImageChoice(context.image, "flag", "--image")
    if comment:
        return ImageChoice(comment, "comment", "its `# speclint: image=` comment", comment_origin)
    if context.config_image:
        return ImageChoice(context.config_image, "configuration", context.config_image_where or "the configuration")
    return None


def _image_node(env) -> Optional[object]:
    from speclint.source.nodes import MappingNode

    return env.get("image") if isinstance(env, MappingNode) else None


def _scalar_choices(node, why: str) -> list:
    """ImageChoices for an `image:` value (a string, or a list of them in a dynamic build-matrix)."""
    from speclint.source.nodes import ScalarNode, SequenceNode

    items = node.items if isinstance(node, SequenceNode) else [node]
    return [ImageChoice(item.value.strip(), "batch", why, (item.start_line, item.start_column, item.end_column))
            for item in items if isinstance(item, ScalarNode) and isinstance(item.value, str) and item.value.strip()]


def batch_images(root) -> tuple:
    """(choices, all_tasks_have_one): the images a buildspec's own batch section gives its tasks,
    from build-graph and build-list entries (`env.image`), build-matrix `static.env.image` and the
    `dynamic.env.image` list, each with its provenance ("batch task x86", line). Tasks that name
    another `buildspec` are left out: they do not run this file. `all_tasks_have_one` is False
    when some task of this file runs on the project's image."""
    from speclint.source.nodes import MappingNode, SequenceNode

    batch = root.get("batch") if isinstance(root, MappingNode) else None
    if not isinstance(batch, MappingNode):
        return [], False
    found: list = []
    without = False
    for kind in ("build-graph", "build-list"):
        tasks = batch.get(kind)
        for task in tasks.items if isinstance(tasks, SequenceNode) else []:
            if not isinstance(task, MappingNode) or task.get("buildspec") is not None:
                continue
            ident = task.get("identifier")
            name = getattr(ident, "text", None) or "without identifier"
            here = _scalar_choices(_image_node(task.get("env")), f"batch task {name}")
            found += here
            without = without or not here
    matrix = batch.get("build-matrix")
    if isinstance(matrix, MappingNode):
        static, dynamic = matrix.get("static"), matrix.get("dynamic")
        dynamic_spec = dynamic.get("buildspec") if isinstance(dynamic, MappingNode) else None
        dynamic_images = _scalar_choices(_image_node(dynamic.get("env") if isinstance(dynamic, MappingNode) else None),
                                         "build-matrix dynamic env.image")
        if dynamic_spec is None and dynamic_images:
            found += dynamic_images
        else:
            static_images = _scalar_choices(_image_node(static.get("env") if isinstance(static, MappingNode) else None),
                                            "build-matrix static env.image")
            found += static_images
            without = without or not static_images
    return found, without


def choose_images(doc) -> list:
    """Every image this buildspec runs on, each with its provenance: the project's (choose_image;
    None when nothing names one), unless every batch task of the file names its own, then each
    batch task's `env.image`. The runtime rules check each (rules/buildspec/per_image.py)."""
    batch, without = batch_images(doc.root)
    primary = choice_of(doc) or (ImageChoice(doc.context.image, "flag", "--image") if doc.context.image else None)
    return ([primary] if without or not batch else []) + batch


def choice_of(doc) -> Optional[ImageChoice]:
    """The image choice lint.py recorded for this document (None: no image known)."""
    return doc.context.image_choice


def image_of(doc) -> Optional[Image]:
    """The image a buildspec runs on (--image, its comment or the configuration), or None."""
    choice = choice_of(doc)
    if choice is not None:
        return choice.image
    name = doc.context.image
    return resolve(name) if name else None


def maintained() -> list:
    return [i for i, info in table()["images"].items() if info["maintained"]]


def runtimes_of(image_id: str) -> dict:
    return table()["images"][image_id]["runtimes"]


def known_anywhere(runtime: str) -> bool:
    return runtime in table()["runtime_names"]


def deprecation(runtime: str, image_id: Optional[str]) -> Optional[str]:
    """What the image's runtimes.yml says when it still lists `runtime` only to say it is deprecated
    (docker on the aarch64 images), or None."""
    entry = table().get("deprecated_runtimes", {}).get(runtime)
    return entry["says"] if entry and image_id in entry["images"] else None


def deprecated_on(runtime: str) -> list:
    """Short names of the images whose runtimes.yml calls this runtime entry deprecated."""
    entry = table().get("deprecated_runtimes", {}).get(runtime)
    return [i[len(PREFIX):] for i in entry["images"]] if entry else []


def runtime_guess(name: str, candidates: list) -> Optional[str]:
    """The runtime meant by a name CodeBuild does not know: the same name in another case
    (`Python`), a common other name (`node`, `go`: data/runtimes.json runtime_aliases), or the
    closest spelling; None when nothing is near."""
    from speclint.suggest import closest

    for candidate in candidates:
        if candidate.lower() == name.lower():
            return candidate
    alias = table().get("runtime_aliases", {}).get(name.lower())
    if alias in candidates:
        return alias
    return closest(name, candidates)


def version_guess(runtime: str, version: str, listed) -> Optional[str]:
    """The listed version meant by `java: 17` (corretto17): data/runtimes.json version_aliases."""
    form = table().get("version_aliases", {}).get(runtime)
    guess = form.format(version=version) if form else None
    return guess if guess in listed or (guess and _matches_listed(guess, listed)) else None


def images_without(runtime: str) -> list:
    """Maintained images that do not have this runtime, short names (`standard:7.0`)."""
    return [i[len(PREFIX):] for i in maintained() if runtime not in runtimes_of(i)]


def on_maintained_images(runtime: str) -> list:
    return [i for i in maintained() if runtime in runtimes_of(i)]


@record(frozen=True)
class Verdict:
    # "ok"; "custom": not shipped, the image installs it at build time; "unavailable": not shipped and
    # the image cannot install it; "unlisted": no image ships it (no image given); "malformed": not a version.
    status: str
    versions: tuple = ()  # what the image (or the maintained images) ship
    custom_possible: bool = False


def _matches_listed(version: str, listed) -> bool:
    if version in listed:
        return True
    if version.endswith(".x"):
        major = version[:-2]
        return any(v == major or v.startswith(major + ".") for v in listed)
    return False


def custom_form(runtime: str, version: str) -> bool:
    pattern = table()["custom_version_forms"].get(runtime)
    return bool(pattern and re.match(pattern, version))


def special(version: str) -> bool:
    """`latest` and environment variables are accepted for every runtime."""
    return version == "latest" or bool(VARIABLE.match(version))


def check_version(runtime: str, version: str, image_id: Optional[str]) -> Verdict:
    """How CodeBuild treats `runtime: version` on the image (or on any image, when None)."""
    if special(version):
        return Verdict("ok")
    if image_id is not None:
        entry = runtimes_of(image_id).get(runtime)
        if entry is None:
            return Verdict("unavailable")
        listed = tuple(entry["versions"])
        if _matches_listed(version, listed):
            return Verdict("ok", listed, entry["custom"])
        if entry["custom"]:
            return Verdict("custom", listed, True)
        return Verdict("unavailable", listed, False)
    # No image: accept anything some image in the table ships or could install.
    listed_anywhere: set = set()
    for info in table()["images"].values():
        entry = info["runtimes"].get(runtime)
        if entry:
            listed_anywhere.update(entry["versions"])
    if _matches_listed(version, listed_anywhere) or custom_form(runtime, version):
        return Verdict("ok")
    current: list = []
    for image_id_ in maintained():
        entry = runtimes_of(image_id_).get(runtime)
        if entry:
            current.extend(entry["versions"])
    return Verdict("unlisted" if VERSION_SHAPE.match(version) else "malformed", tuple(in_aws_order(current)))


def in_aws_order(versions) -> list:
    """The versions as AWS lists them (the order of the images' runtimes.yml), duplicates dropped."""
    return list(dict.fromkeys(versions))


def sort_versions(versions) -> list:
    """Newest first: corretto21 before corretto17, 3.14 before 3.9."""
    def key(v: str):
        nums = [int(n) for n in re.findall(r"\d+", v)]
        return (re.sub(r"[\d.]+", "", v), nums)

    return sorted(set(versions), key=key, reverse=True)
