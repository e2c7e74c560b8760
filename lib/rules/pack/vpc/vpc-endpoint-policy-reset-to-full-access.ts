import { grantsEverything, grantsPublicly, params, policyStatements, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** VPC endpoint policy reset to full access: A VPC endpoint's policy was reset to the default (full access) or replaced by one that allows every action on every resource to everyone: the endpoint no longer enforces a data perimeter. */
export const rule: RuleDefinition = {
  id: 'vpc-endpoint-policy-reset-to-full-access',
  title: 'VPC endpoint policy reset to full access',
  description:
    "A VPC endpoint's policy was reset to the default (full access) or replaced by one that allows every action on every resource to everyone: the endpoint no longer enforces a data perimeter.",
  severity: 'medium',
  tags: ['attack.defense-evasion', 'attack.t1562.007'],
  references: [
    'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_ModifyVpcEndpoint.html',
    'https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html',
  ],
  eventSource: 'ec2.amazonaws.com',
  eventNames: ['ModifyVpcEndpoint'],
  match: (r) => {
    if (!succeeded(r)) return false;
    const p = params(r);
    // The EC2 API logs newer operations inside a `<Operation>Request` wrapper.
    const request = (p.ModifyVpcEndpointRequest ?? p) as {
      ResetPolicy?: unknown;
      PolicyDocument?: unknown;
      resetPolicy?: unknown;
      policyDocument?: unknown;
    };
    if (String(request.ResetPolicy ?? request.resetPolicy) === 'true') return true;
    return policyStatements(request.PolicyDocument ?? request.policyDocument).some(
      (s) => grantsPublicly(s) && grantsEverything(s)
    );
  },
};
