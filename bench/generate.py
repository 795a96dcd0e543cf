"""Realistic generated inputs for bench/bench.py: a large project tree and the worst cases.

The generated files are speclint's own, built from the shapes real projects use (phases
with install/build commands, env variables and parameter-store, artifacts, reports, cache,
batch builds; EC2 appspecs with files, permissions and hooks; Lambda and ECS appspecs),
varied by a seeded random generator, with a small share of common mistakes.
"""

from __future__ import annotations

import random
from pathlib import Path

RUNTIMES = [("nodejs", ["18", "20", "22"]), ("python", ['"3.11"', '"3.12"', "3.x"]), ("java", ["corretto17", "corretto21"]),
            ("golang", ['"1.21"', '"1.22"']), ("dotnet", ['"8.0"'])]
COMMANDS = ["npm ci", "npm test", "npm run build", "pip install -r requirements.txt", "pytest -q", "mvn -B package",
            "go test ./...", "docker build -t $REPO:$TAG .", "docker push $REPO:$TAG", "aws s3 sync dist/ s3://$BUCKET/",
            "export TAG=$(echo $CODEBUILD_RESOLVED_SOURCE_VERSION | cut -c 1-7)", "make lint", "terraform plan -out tf.plan",
            'echo "Build started on `date`"', "cdk synth", "sam build", "./gradlew build"]
MISTAKES = ["  biuld:\n    commands:\n      - make\n", "artifacts:\n  paths:\n    - dist/**/*\n",
            "    commands:\n      - echo status: done\n"]


def buildspec(rng: random.Random) -> str:
    lines = ["version: 0.2", ""]
    if rng.random() < 0.6:
        lines += ["env:", "  variables:"] + [f"    VAR_{i}: value-{rng.randint(1, 999)}" for i in range(rng.randint(1, 5))]
        if rng.random() < 0.5:
            lines += ["  parameter-store:", "    API_KEY: /app/prod/api-key"]
        if rng.random() < 0.3:
            lines += ["  exported-variables:", "    - TAG"]
    lines.append("phases:")
    if rng.random() < 0.8:
        lines += ["  install:", "    runtime-versions:"]
        for name, versions in rng.sample(RUNTIMES, rng.randint(1, 2)):
            lines.append(f"      {name}: {rng.choice(versions)}")
        lines += ["    commands:"] + [f"      - {rng.choice(COMMANDS)}" for _ in range(rng.randint(1, 3))]
    for phase in ("pre_build", "build", "post_build"):
        if phase == "build" or rng.random() < 0.6:
            lines += [f"  {phase}:", "    commands:"] + [f"      - {rng.choice(COMMANDS)}" for _ in range(rng.randint(1, 6))]
            if rng.random() < 0.2:
                lines += ["    finally:", "      - echo cleanup"]
            if rng.random() < 0.1:
                lines.append("    on-failure: ABORT")
    if rng.random() < 0.7:
        lines += ["artifacts:", "  files:", "    - '**/*'", f"  base-directory: {rng.choice(['dist', 'build', 'out'])}"]
    if rng.random() < 0.3:
        lines += ["reports:", "  unit:", "    files:", "      - 'reports/*.xml'", "    file-format: JUNITXML"]
    if rng.random() < 0.3:
        lines += ["cache:", "  paths:", "    - 'node_modules/**/*'"]
    if rng.random() < 0.08:
        lines += ["batch:", "  build-graph:", "    - identifier: lint", "    - identifier: test", "      depend-on:", "        - lint"]
    text = "\n".join(lines) + "\n"
    if rng.random() < 0.1:
        text += rng.choice(MISTAKES)
    return text


def appspec(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.7:
        hooks = rng.sample(["ApplicationStop", "BeforeInstall", "AfterInstall", "ApplicationStart", "ValidateService"],
                           rng.randint(1, 4))
        lines = ["version: 0.0", "os: linux", "files:", "  - source: /", "    destination: /srv/app"]
        if rng.random() < 0.5:
            lines += ["permissions:", "  - object: /srv/app", "    owner: app", "    group: app", "    mode: 755"]
        lines.append("hooks:")
        for hook in hooks:
            lines += [f"  {hook}:", f"    - location: scripts/{hook.lower()}.sh", f"      timeout: {rng.choice([60, 300, 600])}",
                      "      runas: root"]
        return "\n".join(lines) + "\n"
    if kind < 0.85:
        return ("version: 0.0\nResources:\n  - api:\n      Type: AWS::Lambda::Function\n      Properties:\n"
                f"        Name: api\n        Alias: live\n        CurrentVersion: \"{rng.randint(1, 50)}\"\n"
                f"        TargetVersion: \"{rng.randint(51, 99)}\"\nHooks:\n  - BeforeAllowTraffic: smoke-test\n")
    return ("version: 0.0\nResources:\n  - TargetService:\n      Type: AWS::ECS::Service\n      Properties:\n"
            "        TaskDefinition: <TASK_DEFINITION>\n        LoadBalancerInfo:\n          ContainerName: web\n"
            f"          ContainerPort: {rng.choice([80, 8080, 3000])}\n")


def project(root: Path, count: int = 2000, seed: int = 7) -> list:
    """`count` files in a tree of services; returns their paths."""
    rng = random.Random(seed)
    paths = []
    for i in range(count):
        folder = root / f"team{i % 20}" / f"service{i}"
        folder.mkdir(parents=True, exist_ok=True)
        if rng.random() < 0.75:
            path = folder / rng.choice(["buildspec.yml", "buildspec.yml", "buildspec-test.yml"])
            path.write_text(buildspec(rng))
        else:
            path = folder / "appspec.yml"
            path.write_text(appspec(rng))
        paths.append(path)
    return paths


def large_buildspec(path: Path, size: int = 5 * 1024 * 1024) -> Path:
    """A valid buildspec of about `size` bytes: a very long command list."""
    rng = random.Random(1)
    head = "version: 0.2\nphases:\n  build:\n    commands:\n"
    parts, total = [head], len(head)
    while total < size:
        line = f"      - {rng.choice(COMMANDS)} # step {total}\n"
        parts.append(line)
        total += len(line)
    path.write_text("".join(parts))
    return path


def deep_nesting(path: Path, depth: int = 5000) -> Path:
    path.write_text("version: 0.2\nphases:\n  build:\n    commands: " + "[" * depth + "x" + "]" * depth + "\n")
    return path


def alias_bomb(path: Path, levels: int = 9) -> Path:
    lines = ["version: 0.2", 'a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, levels):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    lines.append(f"phases:\n  build:\n    commands: *a{levels - 1}")
    path.write_text("\n".join(lines) + "\n")
    return path


def template(path: Path, projects: int = 10, lines: int = 2000, seed: int = 11) -> Path:
    """A CloudFormation template of about `lines` lines: `projects` CodeBuild projects with
    inline buildspecs (`BuildSpec: |`, every other one `!Sub |` with a substitution), the rest
    ordinary resources (buckets, queues, roles, parameters), as a real pipeline stack has them."""
    rng = random.Random(seed)
    out = ["AWSTemplateFormatVersion: '2010-09-09'", "Description: generated pipeline stack", "Parameters:",
           "  Stage:", "    Type: String", "    Default: prod", "Resources:"]
    for i in range(projects):
        sub = i % 2 == 1
        spec = buildspec(rng)
        if sub:
            spec = spec.replace("echo cleanup", "echo cleanup ${Stage} ${AWS::Region}")
        out += [f"  Build{i}:", "    Type: AWS::CodeBuild::Project", "    Properties:", f"      Name: build-{i}",
                "      ServiceRole: !GetAtt BuildRole.Arn", "      Artifacts:", "        Type: CODEPIPELINE",
                "      Environment:", "        ComputeType: BUILD_GENERAL1_SMALL",
                f"        Image: {rng.choice(['aws/codebuild/standard:7.0', 'aws/codebuild/amazonlinux-x86_64-standard:5.0'])}",
                "        Type: LINUX_CONTAINER", "      Source:", "        Type: CODEPIPELINE",
                "        BuildSpec: !Sub |" if sub else "        BuildSpec: |"]
        out += [f"          {line}" if line else "" for line in spec.rstrip("\n").split("\n")]
    out += ["  BuildRole:", "    Type: AWS::IAM::Role", "    Properties:", "      AssumeRolePolicyDocument:",
            "        Version: '2012-10-17'", "        Statement:", "          - Effect: Allow",
            "            Principal: {Service: codebuild.amazonaws.com}", "            Action: sts:AssumeRole"]
    k = 0
    while len(out) < lines:
        kind = rng.choice(["bucket", "queue", "topic"])
        if kind == "bucket":
            out += [f"  Bucket{k}:", "    Type: AWS::S3::Bucket", "    Properties:",
                    f"      BucketName: !Sub 'artifacts-{k}-${{AWS::AccountId}}'", "      VersioningConfiguration:",
                    "        Status: Enabled"]
        elif kind == "queue":
            out += [f"  Queue{k}:", "    Type: AWS::SQS::Queue", "    Properties:", f"      QueueName: !Sub '${{Stage}}-queue-{k}'",
                    f"      VisibilityTimeout: {rng.choice([30, 60, 300])}"]
        else:
            out += [f"  Topic{k}:", "    Type: AWS::SNS::Topic", "    Properties:", f"      TopicName: !Join ['-', [!Ref Stage, topic, '{k}']]"]
        k += 1
    path.write_text("\n".join(out) + "\n")
    return path
