from speclint.diagnostics import Severity
from speclint.rules.base import ECS, Rule
from speclint.rules.helpers import ci_get, resource_properties

REQUIRED = ("Subnets", "SecurityGroups", "AssignPublicIp")


class EcsNetworkPartial(Rule):
    """An ECS `AwsvpcConfiguration` with only some of its three settings.

    What it does:
    Reports an AwsvpcConfiguration that sets some but not all of `Subnets`, `SecurityGroups`
    and `AssignPublicIp`.

    Why it matters:
    The docs require all three once any is given; CodeDeploy rejects a partial network
    configuration for the replacement task set.

    Example:
    ```yaml
    version: 0.0
    Resources:
      - TargetService:
          Type: AWS::ECS::Service
          Properties:
            TaskDefinition: "arn:aws:ecs:us-east-1:111122223333:task-definition/web:3"
            LoadBalancerInfo:
              ContainerName: web
              ContainerPort: 80
            NetworkConfiguration:
              AwsvpcConfiguration:
                Subnets: [subnet-1234]
    ```

    Use instead:
    ```yaml
    NetworkConfiguration:
      AwsvpcConfiguration:
        Subnets: [subnet-1234]
        SecurityGroups: [sg-1234]
        AssignPublicIp: DISABLED
    ```

    References:
    - https://docs.aws.amazon.com/codedeploy/latest/userguide/reference-appspec-file-structure-resources.html
    - Inference: ECS's API requires only Subnets
      (https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_AwsVpcConfiguration.html);
      that CodeDeploy rejects a partial set is not documented, hence a warning.
    """

    code = "A110"
    name = "ecs-network-partial"
    severity = Severity.WARNING
    summary = "AwsvpcConfiguration sets only some of Subnets, SecurityGroups, AssignPublicIp"
    applies_to = ECS

    def check(self, doc):
        for i, name, props in resource_properties(doc):
            _, network = ci_get(props, "NetworkConfiguration")
            key, vpc = ci_get(network, "AwsvpcConfiguration")
            if vpc is None or not hasattr(vpc, "keys"):
                continue
            present = [k for k in REQUIRED if ci_get(vpc, k)[1] is not None]
            missing = [k for k in REQUIRED if k not in present]
            if present and missing:
                yield self.report(doc, key, f"AwsvpcConfiguration sets {', '.join(present)} but not {', '.join(missing)}; set all three or none",
                                  f"add {', '.join(missing)}", path=("Resources", i, name, "Properties", "NetworkConfiguration", "AwsvpcConfiguration"))
