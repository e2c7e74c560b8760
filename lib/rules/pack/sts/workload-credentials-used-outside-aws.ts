import type { RuleDefinition } from '../../types.js';

/**
 * A workload's role credentials called from outside AWS: an EC2 instance's, a Lambda function's
 * or an ECS task's session credentials signed a call from a public address that is on no Amazon
 * network, the classic sign of credentials taken from the instance metadata service, a
 * function's environment or a task's credential endpoint and used elsewhere.
 *
 * Calls through VPC endpoints (a private address), `AWS Internal` calls and calls AWS services
 * make on the role's behalf (`invokedBy`) are not public addresses and never match. Credentials
 * used from another AWS account's instance come from an Amazon address, so they are out of
 * scope: this rule cannot tell that instance from the workload's own (docs/context.md).
 */
export const rule: RuleDefinition = {
  id: 'workload-credentials-used-outside-aws',
  title: 'Workload role credentials used from outside AWS',
  description:
    'The role session credentials of an EC2 instance, a Lambda function or an ECS task signed a call from a public address on no Amazon network: credentials taken from the workload and used elsewhere. Calls from other AWS accounts\u2019 instances are out of scope (their addresses are Amazon\u2019s).',
  severity: 'high',
  tags: ['attack.credential-access', 'attack.t1552.005', 'attack.initial-access', 'attack.t1078.004'],
  references: [
    'https://docs.aws.amazon.com/guardduty/latest/ug/guardduty_finding-types-iam.html#unauthorizedaccess-iam-instancecredentialexfiltrationoutsideaws',
    'https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-user-identity.html',
    'https://docs.aws.amazon.com/lambda/latest/dg/permissions-source-function-arn.html',
  ],
  // Cheapest first: fields the reader extracts while splitting (type, invokedBy, arn), then the
  // session's own fields, whose places the reader notes (a missing one costs one array read),
  // and only for a workload's session the context (an address lookup); no regular expression
  // (one costs a tenth of ingest's speed here). The workload: an EC2 instance profile's session
  // is named after the instance (i-…) or carries ec2RoleDelivery; the sessions Lambda and ECS
  // open for a function or a task carry inScopeOf with the issuer's type.
  pattern: [
    '{ ($.userIdentity.type = "AssumedRole") && ($.userIdentity.invokedBy NOT EXISTS)',
    '&& (($.userIdentity.arn = "*/i-*") || ($.userIdentity.sessionContext.ec2RoleDelivery EXISTS)',
    '|| ($.userIdentity.inScopeOf.issuerType = "AWS::Lambda::*") || ($.userIdentity.inScopeOf.issuerType = "AWS::ECS::*"))',
    '&& ($.context.sourceIPAddress.kind = "public") && ($.context.sourceIPAddress.aws IS FALSE)',
    '&& ($.vpcEndpointId NOT EXISTS) }',
  ].join(' '),
};
