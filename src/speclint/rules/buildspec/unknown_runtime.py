from speclint import runtimes
from speclint.diagnostics import Severity
from speclint.rules.base import BUILDSPEC, Rule
from speclint.rules.buildspec.per_image import PerImage
from speclint.rules.buildspec.runtime_docs import RuntimeTableDocs
from speclint.rules.helpers import runtime_entries
from speclint.suggest import quoted_list



class UnknownRuntime(PerImage, RuntimeTableDocs, Rule):
    """A runtime name under runtime-versions that the image does not know.

    What it does:
    With an image (`--image`, `image`/`images` in the configuration, or a
    `# speclint: image=...` comment), reports runtime names the image does not have and lists
    the ones it has. Without an image, reports names that no CodeBuild image knows (an
    error, with a suggestion: `node` → `nodejs`) and names that only deprecated images know
    (a warning).

    Why it matters:
    The build fails in DOWNLOAD_SOURCE, before any command runs: `YAML_FILE_ERROR Message:
    Unknown runtime named 'node'. This build image has the following runtimes: dotnet, golang,
    java, nodejs, php, python, ruby`.

    Example:
    ```yaml
    phases:
      install:
        runtime-versions:
          node: 20
    ```

    Use instead:
    ```yaml
    phases:
      install:
        runtime-versions:
          nodejs: 20
    ```

    References:
    - `YAML_FILE_ERROR: Unknown runtime named 'nodjs'. This build image has the following runtimes: dotnet, golang, java, nodejs, php, python, ruby`
    - https://docs.aws.amazon.com/codebuild/latest/userguide/runtime-versions.html
    - https://github.com/aws/aws-codebuild-docker-images (runtimes.yml of each image)
    """

    code = "B017"
    name = "unknown-runtime"
    severity = Severity.ERROR
    summary = "a runtime name the image (or every CodeBuild image) does not know"
    applies_to = BUILDSPEC
    prevents = "YAML_FILE_ERROR: Unknown runtime named '<name>'. This build image has the following runtimes: ..."
    show_table = True

    def check_image(self, doc, image):
        if image is not None and not image.selects_runtimes:
            return  # runtime-versions is skipped there (B020)
        for name, key, _, _ in runtime_entries(doc):
            path = ("phases", "install", "runtime-versions", name)
            if image is not None and image.kind == "codebuild":
                have = runtimes.runtimes_of(image.id)
                if name in have or (name == "docker" and runtimes.known_anywhere(name)):
                    continue  # docker on an image without it: B019 says more
                guess = runtimes.runtime_guess(name, list(have))
                yield self.report(doc, key, f'unknown runtime "{name}" on {image.id}{self._mean(name, guess)}: this build image has '
                                            f'the runtimes {quoted_list(have)}', self._hint(name, guess), path=path)
            elif not runtimes.known_anywhere(name):
                names = runtimes.table()["runtime_names"]
                guess = runtimes.runtime_guess(name, names)
                yield self.report(doc, key, f'unknown runtime "{name}"{self._mean(name, guess)}: no CodeBuild image has it; '
                                            f'runtimes are {quoted_list(names)}',
                                  self._hint(name, guess), path=path)
            elif not runtimes.on_maintained_images(name) and (image is None or image.kind == "unknown"):
                yield self.report(doc, key, f'runtime "{name}" is only on deprecated CodeBuild images, on none of the maintained ones',
                                  "remove it, or pin the image this buildspec runs on with `# speclint: image=...`",
                                  severity=Severity.WARNING, path=path)

    @staticmethod
    def _mean(name: str, guess) -> str:
        if not guess:
            return ""
        case = "; runtime names are case-sensitive" if guess.lower() == name.lower() else ""
        return f' (did you mean "{guess}"?{case})'

    @staticmethod
    def _hint(name: str, guess) -> str:
        if guess:
            return f'write `{guess}: <version>`'
        return "remove it: CodeBuild installs only the runtimes the image has"
