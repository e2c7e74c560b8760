import { madeByAwsService, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** EC2 Instance Connect Endpoint created: An EC2 Instance Connect Endpoint was created in a subnet by a person or pipeline outside CloudFormation: SSH and RDP to private instances of that VPC from the internet, through IAM, with no bastion or public address. */
export const rule: RuleDefinition = {
  id: 'ec2-instance-connect-endpoint-created',
  title: 'EC2 Instance Connect Endpoint created',
  description:
    'An EC2 Instance Connect Endpoint was created in a subnet by a person or pipeline outside CloudFormation: SSH and RDP to private instances of that VPC from the internet, through IAM, with no bastion or public address.',
  severity: 'medium',
  tags: ['attack.lateral-movement', 'attack.t1021.008', 'attack.persistence', 'attack.t1133'],
  references: [
    'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateInstanceConnectEndpoint.html',
    'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/connect-with-ec2-instance-connect-endpoint.html',
  ],
  eventSource: 'ec2.amazonaws.com',
  eventNames: ['CreateInstanceConnectEndpoint'],
  match: (r) => succeeded(r) && !madeByAwsService(r),
};
