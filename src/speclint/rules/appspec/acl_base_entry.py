import re

from speclint.diagnostics import Severity
from speclint.source.nodes import ScalarNode, SequenceNode
from speclint.rules.base import EC2, Rule
from speclint.rules.helpers import permissions

_BASE = re.compile(r"^(?:d(?:efault)?:)?(?:u(?:ser)?|g(?:roup)?|o(?:ther)?)?::")


class AclBaseEntry(Rule):
    """An `acls` entry for the base owner/group/other permissions.

    What it does:
    Reports unnamed ACL entries such as `u::rw` or `g::r` (only named entries and `mask` are
    allowed).

    Why it matters:
    The agent fails: `Use mode to set the base acl entry (u::rw)`.

    Example:
    ```yaml
    version: 0.0
    os: linux
    files:
      - source: /
        destination: /var/www/html
    permissions:
      - object: /var/www/html
        acls:
          - u::rw
    ```

    Use instead:
    ```yaml
    mode: "640"
    acls:
      - u:deploy:rw
    ```

    References:
    - `The deployment failed because of a problem with the acls permission settings in the application specification file. Use mode to set the base acl entry (u::rw)`
    """

    code = "A112"
    name = "acl-base-entry"
    severity = Severity.ERROR
    summary = "an unnamed base ACL entry (u::rw); use mode"
    applies_to = EC2

    def check(self, doc):
        for i, perm in permissions(doc):
            acls = perm.get("acls")
            if not isinstance(acls, SequenceNode):
                continue
            for j, entry in enumerate(acls.items):
                if isinstance(entry, ScalarNode) and isinstance(entry.value, str) and _BASE.match(entry.value.strip()):
                    yield self.report(doc, entry, f'ACL entry "{entry.value}" sets a base permission; the agent accepts only named entries and mask',
                                      "set base permissions with mode, and name the user or group in acls (u:deploy:rw)",
                                      path=("permissions", i, "acls", j))
