from speclint.diagnostics import Severity
from speclint.source.nodes import MappingNode
from speclint.rules.base import BUILDSPEC, Rule
from speclint.rules.helpers import at


class CacheFallbackWithoutKey(Rule):
    """`cache.fallback-keys` without `cache.key`.

    What it does:
    Reports fallback keys in a cache that has no primary key.

    Why it matters:
    CodeBuild ignores `fallback-keys` when `key` is missing, so the cache you meant to
    restore is never found.

    Example:
    ```yaml
    cache:
      paths: [node_modules/**/*]
      fallback-keys: [npm-]
    ```

    Use instead:
    ```yaml
    cache:
      key: npm-$(codebuild-hash-files package-lock.json)
      fallback-keys: [npm-]
      paths: [node_modules/**/*]
    ```

    References:
    - https://docs.aws.amazon.com/codebuild/latest/userguide/build-spec-ref.html#build-spec.cache.fallback-keys
    """

    code = "B012"
    name = "cache-fallback-without-key"
    severity = Severity.WARNING
    summary = "cache fallback-keys are ignored without a key"
    applies_to = BUILDSPEC

    def check(self, doc):
        cache = at(doc, "cache")
        if isinstance(cache, MappingNode) and "fallback-keys" in cache and "key" not in cache:
            yield self.report(doc, cache.get_key("fallback-keys"), "fallback-keys are ignored because cache has no key",
                              "add cache.key (matched exactly, before the fallback prefixes)", path=("cache", "fallback-keys"))
