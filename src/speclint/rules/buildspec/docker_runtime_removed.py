from speclint import runtimes
from speclint.diagnostics import Severity
from speclint.rules.base import BUILDSPEC, Rule
from speclint.rules.buildspec.runtime_docs import RuntimeTableDocs
from speclint.rules.helpers import runtime_entries


class DockerRuntimeRemoved(RuntimeTableDocs, Rule):
    """`docker` under runtime-versions on an image that no longer has that runtime.

    What it does:
    Reports `docker:` under runtime-versions when the image is known (`--image`, the
    configuration, or `# speclint: image=...`) and does not list docker: every x86_64 Ubuntu
    image from standard:5.0 and every Amazon Linux 2023 x86_64 image. Docker itself is
    preinstalled there; only the runtime entry is gone.

    Why it matters:
    Buildspecs copied from old examples keep `docker: 18`, and the build fails at once:
    `YAML_FILE_ERROR Message: Unknown runtime named 'docker'. This build image has the
    following runtimes: dotnet, golang, java, nodejs, php, python, ruby`.

    Example:
    ```yaml
    # speclint: image=aws/codebuild/standard:7.0
    phases:
      install:
        runtime-versions:
          docker: 20
    ```

    Use instead:
    Remove the `docker` entry; enable privileged mode in the project to run the Docker daemon.

    References:
    - `YAML_FILE_ERROR Message: Unknown runtime named 'docker'. This build image has the following runtimes: dotnet, golang, java, nodejs, php, python, ruby`
    - https://docs.aws.amazon.com/codebuild/latest/userguide/sample-docker.html
    """

    code = "B019"
    name = "docker-runtime-removed"
    severity = Severity.ERROR
    summary = "docker under runtime-versions on an image that has no docker runtime"
    applies_to = BUILDSPEC
    prevents = "YAML_FILE_ERROR Message: Unknown runtime named 'docker'"

    def check(self, doc):
        image = runtimes.image_of(doc)
        if image is None or image.kind != "codebuild":
            return
        for name, key, _, _ in runtime_entries(doc):
            if name == "docker" and "docker" not in runtimes.runtimes_of(image.id):
                yield self.report(doc, key, f'{image.id} has no "docker" runtime: CodeBuild fails with "Unknown runtime named \'docker\'"',
                                  "remove the docker entry; Docker is preinstalled (turn on privileged mode to use the daemon)",
                                  path=("phases", "install", "runtime-versions", name))
