from speclint.diagnostics import Severity
from speclint.fix import UNSAFE, Fix, replace_node
from speclint.source.nodes import MappingNode, ScalarNode
from speclint.rules.base import EC2, Rule
from speclint.rules.helpers import permissions


class SelinuxUserKey(Rule):
    """`context.user` in a permission, which the agent ignores.

    What it does:
    Reports `user:` inside a permission's SELinux `context`.

    Why it matters:
    The docs call the SELinux user key `user`, but the agent reads `name`, so the user is
    silently not set.

    Example:
    ```yaml
    version: 0.0
    os: linux
    files:
      - source: /
        destination: /var/www/html
    permissions:
      - object: /var/www/html
        context:
          user: system_u
          type: httpd_sys_content_t
    ```

    Use instead:
    ```yaml
    context:
      name: system_u
      type: httpd_sys_content_t
    ```

    Fix safety:
    Unsafe: the fix renames `user` to `name`, so the agent starts setting the SELinux user
    it ignored before; the files' context changes on the next deployment. There is no fix
    when the context already has a `name`.

    References:
    - CodeDeploy agent: the SELinux user is read from `name`
      (https://github.com/aws/aws-codedeploy-agent/blob/master/lib/instance_agent/plugins/codedeploy/application_specification/context_info.rb)
    """

    code = "A113"
    name = "selinux-user-key"
    severity = Severity.WARNING
    summary = "context.user is ignored by the agent, which reads context.name"
    applies_to = EC2
    fix_safety = "unsafe"

    def check(self, doc):
        for i, perm in permissions(doc):
            context = perm.get("context")
            if isinstance(context, MappingNode) and "user" in context:
                key = context.get_key("user")
                fix = None
                if "name" not in context and isinstance(key, ScalarNode) and key.style == "plain":
                    fix = Fix.make(UNSAFE, "rename user to name", replace_node(doc, key, "name"))
                yield self.report(doc, key, "context.user is ignored: the CodeDeploy agent reads the SELinux user from context.name",
                                  "rename user to name", path=("permissions", i, "context", "user"), fix=fix)
