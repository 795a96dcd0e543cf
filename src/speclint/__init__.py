"""speclint: a line-accurate linter for AWS CodeBuild buildspecs and CodeDeploy appspecs."""

__version__ = "0.2.0"
