import re

from speclint import runtimes
from speclint.diagnostics import Severity, Span
from speclint.rules.base import BUILDSPEC, Rule

# AWS CLI global options that take a value (`aws --region us-east-1 ecr get-login`).
GLOBAL_WITH_VALUE = frozenset(("--region", "--profile", "--output", "--endpoint-url", "--ca-bundle", "--cli-read-timeout",
                               "--cli-connect-timeout", "--color", "--query", "--cli-binary-format"))
# Installing AWS CLI version 1 before the command brings get-login back.
CLI_V1 = re.compile(
    r"\bpip[0-9.]*\s+install\b[^\n;&|]*?(?<![\w-])awscli(?![\w-])(?!\s*(?:==|>=|~=|>)\s*2)"
    r"|\b(?:apt-get|apt|yum|dnf)\s+install\b[^\n;&|]*?(?<![\w-])(?:awscli|aws-cli)(?![\w-])")
REPLACEMENT = ("aws ecr get-login-password --region $AWS_DEFAULT_REGION | docker login --username AWS "
               "--password-stdin <account-id>.dkr.ecr.$AWS_DEFAULT_REGION.amazonaws.com")


def get_login_words(text: str) -> list:
    """(first word, last word) of each `aws [global options] ecr get-login` that the shell runs
    as a command (also inside $(...), backticks and eval), never in comments, quoted text
    or here-documents; `get-login-password` is not it."""
    from speclint.shell.tokens import command_words, commands

    # Words are the text with quotes, escapes and line continuations removed: where even that
    # has no "get-login", no word is get-login, and the tokenizer (most of this rule's time,
    # run after every keystroke by the language server) is skipped.
    flat = text.replace("\\\r\n", "").replace("\\\n", "").replace("\\", "").replace("'", "").replace('"', "")
    if "get-login" not in flat:
        return []
    out = []
    for command in commands(text):
        words = command_words(command)
        if len(words) < 3 or words[0].text != "aws":
            continue
        i = 1
        while i < len(words) and words[i].text.startswith("--"):
            i += 2 if words[i].text in GLOBAL_WITH_VALUE else 1
        if i + 1 < len(words) and words[i].text == "ecr" and words[i + 1].text == "get-login":
            out.append((words[0], words[i + 1]))
    return out


class EcrGetLogin(Rule):
    """`aws ecr get-login`, which AWS CLI version 2 no longer has.

    What it does:
    Reports every `aws ecr get-login` that runs as a command in a buildspec (also inside
    `$(...)`, backticks, `eval` and blocks; not in comments, echo text or here-documents:
    the shell tokenizer of speclint.shell.tokens decides what is a command), unless an earlier command installs AWS CLI version 1
    (`pip install awscli`, `pip install "awscli<2"`, `apt-get install awscli`). With the
    image known (`--image`, the image comment or the configuration) the runtime table says
    which AWS CLI it ships: an error where that is version 2 (every maintained image),
    nothing where it is version 1 (the old images); without an image, a warning.
    ShellCheck's SC2091 on `$(aws ecr get-login ...)` is off by default: this is the finding.

    Why it matters:
    AWS CLI version 2 removed `get-login`; the command fails with `Invalid choice`, the
    docker login does not happen, and the build fails, often only at the later `docker push`
    with `no basic auth credentials`.

    Example:
    ```yaml
    phases:
      pre_build:
        commands:
          - $(aws ecr get-login --no-include-email --region $AWS_DEFAULT_REGION)
    ```

    Use instead:
    ```yaml
    phases:
      pre_build:
        commands:
          - aws ecr get-login-password --region $AWS_DEFAULT_REGION | docker login --username AWS --password-stdin $ACCOUNT_ID.dkr.ecr.$AWS_DEFAULT_REGION.amazonaws.com
    ```

    References:
    - https://docs.aws.amazon.com/cli/latest/userguide/cliv2-migration-changes.html#cliv2-migration-ecr-get-login
    - https://docs.aws.amazon.com/cli/latest/reference/ecr/get-login-password.html
    - AWS CLI version per image: the Dockerfiles of https://github.com/aws/aws-codebuild-docker-images (the runtime table's `aws_cli`)
    """

    code = "B027"
    name = "ecr-get-login"
    severity = Severity.WARNING
    summary = "aws ecr get-login, removed in AWS CLI version 2 (error where the image ships version 2)"
    applies_to = BUILDSPEC
    prevents = "aws: error: argument operation: Invalid choice ... (get-login)"

    def check(self, doc):
        from speclint.shell.jobs import commands_of
        from speclint.source.scalar_map import build

        root = doc.mapping
        if root is None:
            return
        image = runtimes.image_of(doc)
        cli = (image.info or {}).get("aws_cli") if image is not None else None
        if cli == 1:
            return  # the image's own CLI still has get-login
        severity = Severity.ERROR if cli == 2 else Severity.WARNING
        where = f"{image.name} ships AWS CLI version 2" if cli == 2 else "the images CodeBuild maintains ship AWS CLI version 2"
        v1_installed = False
        for node in commands_of(root):
            text = node.value
            for first, last in get_login_words(text):
                if v1_installed or CLI_V1.search(text, 0, first.start):
                    break
                source = build(node)
                start, end = source.at(first.start), source.at(last.end - 1)
                span = Span(start[0], start[1], end[0], end[1] + 1) if end >= start else node.span
                yield self.report(
                    doc, node,
                    f"`aws ecr get-login` was removed in AWS CLI version 2 and {where}: the command fails "
                    "(Invalid choice) and docker is not logged in",
                    f"log in with `{REPLACEMENT}`; or install AWS CLI version 1 first (pip install 'awscli<2')",
                    severity=severity, span=span)
            if CLI_V1.search(text):
                v1_installed = True
