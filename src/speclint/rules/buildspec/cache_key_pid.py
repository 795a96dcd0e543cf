from speclint.diagnostics import Severity, Span
from speclint.source.nodes import MappingNode, ScalarNode, SequenceNode
from speclint.rules.base import BUILDSPEC, Rule
from speclint.rules.helpers import at


class CacheKeyPid(Rule):
    """A cache key with `$$` in it.

    What it does:
    Reports `$$` in `cache.key` and in `cache.fallback-keys`, at the `$$`.

    Why it matters:
    In a shell, `$$` is the process id, which differs on every build; if CodeBuild
    evaluates the key in a shell (keys may contain `$(codebuild-hash-files ...)`), the key is
    new on every build and the cache is never restored. How CodeBuild evaluates keys is not
    documented, so this is an inference and a warning. Usually `$$` was meant as an escaped
    `$` or came from a template language.

    Example:
    ```yaml
    cache:
      key: npm-$$-cache
      paths: [node_modules/**/*]
    ```

    Use instead:
    ```yaml
    cache:
      key: npm-$(codebuild-hash-files package-lock.json)
      paths: [node_modules/**/*]
    ```

    References:
    - https://docs.aws.amazon.com/codebuild/latest/userguide/build-spec-ref.html#build-spec.cache.key (an inference: the page does not say how keys are evaluated)
    - https://pubs.opengroup.org/onlinepubs/9699919799/utilities/V3_chap02.html#tag_18_05_02 (`$$` is the shell's process id)
    """

    code = "B028"
    name = "cache-key-pid"
    severity = Severity.WARNING
    summary = "a cache key with $$ (the shell's process id): a new key on every build, if it is evaluated in a shell"
    applies_to = BUILDSPEC

    def check(self, doc):
        from speclint.source.scalar_map import build

        cache = at(doc, "cache")
        if not isinstance(cache, MappingNode):
            return
        nodes = [(cache.get("key"), ("cache", "key"))]
        fallback = cache.get("fallback-keys")
        if isinstance(fallback, SequenceNode):
            nodes += [(item, ("cache", "fallback-keys", i)) for i, item in enumerate(fallback.items)]
        for node, path in nodes:
            if not (isinstance(node, ScalarNode) and isinstance(node.value, str)) or "$$" not in node.value:
                continue
            position = node.value.index("$$")
            line, column = build(node).at(position)
            yield self.report(
                doc, node,
                f'cache key "{node.value}" contains $$, the shell\'s process id: if CodeBuild evaluates the key in a shell '
                "(not documented; an inference), it differs on every build and the cache is never restored",
                "use a fixed text or $(codebuild-hash-files <lock file>) instead of $$",
                path=path, span=Span(line, column, line, column + 2))
