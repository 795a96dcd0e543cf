from speclint import runtimes
from speclint.diagnostics import Severity
from speclint.rules.base import BUILDSPEC, Rule
from speclint.rules.buildspec.per_image import PerImage
from speclint.rules.buildspec.runtime_docs import RuntimeTableDocs
from speclint.rules.helpers import runtime_entries


class RuntimeVersionUnavailable(PerImage, RuntimeTableDocs, Rule):
    """A runtime version the image does not ship, or a version CodeBuild cannot read.

    What it does:
    With an image, checks each version against what the image ships. Accepted: a version
    the image lists (`nodejs: 20`, `java: corretto21`), `<major>.x` for a listed major
    (`python: 3.x`), `latest`, and an environment variable (`"$NODE_VERSION"`). Any other
    version is an error on images that cannot install custom versions, and a warning on
    those that can: CodeBuild then downloads and installs it during the build, which is
    slower, and fails if the version does not exist. The documented custom forms are
    dotnet `M.m.p`, golang `M.m[.p]`, java `corretto<N>`, nodejs and python `N[.m[.p]]`,
    php and ruby `M.m.p`.
    Without an image, only what fails on every image could be an error, and nothing here
    does: today's images install an unlisted version at build time (the `default:` entry of
    their runtimes.yml runs `n $VERSION`, `pyenv install $VERSION`, ...), so a version that no
    image ships is a warning, whether it looks like a version or not (`lts`, `node20`).
    The messages list the versions the image has in AWS's order, as CodeBuild's own error does.

    Why it matters:
    `YAML_FILE_ERROR: Unknown runtime version named '12' of nodejs. This build image has the
    following versions: 18` - one of the most common CodeBuild failures, when a buildspec
    written for one image meets another.

    Example:
    ```yaml
    # speclint: image=aws/codebuild/standard:7.0
    phases:
      install:
        runtime-versions:
          nodejs: 16
          java: 17
    ```

    Use instead:
    ```yaml
    # speclint: image=aws/codebuild/standard:7.0
    phases:
      install:
        runtime-versions:
          nodejs: 20
          java: corretto17
    ```

    References:
    - `YAML_FILE_ERROR: Unknown runtime version named '12' of nodejs. This build image has the following versions: 18`
    - https://docs.aws.amazon.com/codebuild/latest/userguide/runtime-versions.html (custom
      runtime versions)
    - https://docs.aws.amazon.com/codebuild/latest/userguide/available-runtimes.html
    - https://github.com/aws/aws-codebuild-docker-images (runtimes.yml of each image: the
      versions, their order, and the `default:` entry that installs other versions)
    """

    code = "B018"
    name = "runtime-version-unavailable"
    severity = Severity.ERROR
    summary = "a runtime version the image does not ship (or that no image accepts)"
    applies_to = BUILDSPEC
    prevents = "YAML_FILE_ERROR: Unknown runtime version named '<v>' of <runtime>. This build image has the following versions: ..."
    show_table = True

    def check_image(self, doc, image):
        image_id = image.id if image is not None and image.kind == "codebuild" else None
        if image is not None and not image.selects_runtimes:
            return  # runtime-versions itself is the problem there (B020)
        for name, _, value, version in runtime_entries(doc):
            if version is None or not runtimes.known_anywhere(name) or (name == "docker" and image_id is None):
                continue  # unknown names are B017's; docker without an image is B019's
            if image_id is not None and (name not in runtimes.runtimes_of(image_id) or runtimes.deprecation(name, image_id)):
                continue  # B017/B019 report the runtime itself (gone, or deprecated: delete rather than change the version)
            verdict = runtimes.check_version(name, version, image_id)
            path = ("phases", "install", "runtime-versions", name)
            shipped = ", ".join(verdict.versions)  # in AWS's order, as CodeBuild's own message lists them
            guess = runtimes.version_guess(name, version, verdict.versions)
            if guess and verdict.status != "ok":  # `java: 17` means corretto17: say so first
                where = f"on {image_id}" if image_id else "on the maintained images"
                yield self.report(doc, value, f'{name} version "{version}" is not listed {where} (did you mean "{guess}"?); '
                                              f"{name} versions are named {shipped}",
                                  f"write `{name}: {guess}`", severity=Severity.WARNING if verdict.status != "unavailable" else None,
                                  path=path)
                continue
            if verdict.status == "custom":
                form = "" if runtimes.custom_form(name, version) else f"; it is not in the documented custom form either (e.g. {_example(name)})"
                yield self.report(doc, value, f'{name} {version} is not preinstalled on {image_id} (it has {shipped}): '
                                              f"CodeBuild installs it at build time, which is slower{form}",
                                  f"use one of {shipped} to skip the install, or keep {version} on purpose",
                                  severity=Severity.WARNING, path=path)
            elif verdict.status == "unavailable":
                yield self.report(doc, value, f'unknown {name} version "{version}" on {image_id}: this build image has the '
                                              f"versions {shipped} and cannot install others",
                                  f"use one of {shipped}, `{_major(verdict.versions)}.x`, or `latest`", path=path)
            elif verdict.status == "unlisted":
                yield self.report(doc, value, f'no CodeBuild image ships {name} "{version}" and it is not a documented custom '
                                              f"version form; maintained images have {shipped or 'none'}",
                                  f"write a shipped version, `<major>.x`, `latest` or a custom version such as {_example(name)}; "
                                  "name the image (`# speclint: image=...`) for an exact check",
                                  severity=Severity.WARNING, path=path)
            elif verdict.status == "malformed":
                yield self.report(doc, value, f'{name} version "{version}" is neither a shipped version nor a documented custom form '
                                              f"(maintained images have {shipped or 'none'}); images that install custom versions "
                                              "hand it to their installer, the others fail with \"Unknown runtime version\"",
                                  "write a shipped version, `<major>.x`, `latest` or an environment variable; "
                                  "name the image (`# speclint: image=...`) for an exact check",
                                  severity=Severity.WARNING, path=path)


def _major(versions) -> str:
    newest = runtimes.sort_versions(versions)[0] if versions else "N"
    return newest.split(".")[0] if "." in newest else newest


def _example(name: str) -> str:
    return {"java": "corretto21", "dotnet": "8.0.100", "php": "8.3.1", "ruby": "3.3.0"}.get(name, "20.11.1")
