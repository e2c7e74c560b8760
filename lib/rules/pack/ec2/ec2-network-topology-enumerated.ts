import { NOT_SERVICE_OR_CONSOLE_CLAUSE } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** EC2 network topology enumerated: One principal called 6 or more different network-describing APIs (VPCs, subnets, routes, peering, gateways, endpoints, interfaces) within 10 minutes outside the console (allowed or not): mapping how networks connect before moving through them. AWS services are left out. */
export const rule: RuleDefinition = {
  id: 'ec2-network-topology-enumerated',
  title: 'EC2 network topology enumerated',
  description:
    'One principal called 6 or more different network-describing APIs (VPCs, subnets, routes, peering, gateways, endpoints, interfaces) within 10 minutes outside the console (allowed or not): mapping how networks connect before moving through them. AWS services are left out.',
  severity: 'low',
  tags: ['attack.discovery', 'attack.t1049'],
  references: [
    'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeVpcPeeringConnections.html',
    'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_DescribeRouteTables.html',
    'https://attack.mitre.org/techniques/T1049/',
  ],
  eventSource: 'ec2.amazonaws.com',
  eventNames: [
    'DescribeVpcs',
    'DescribeSubnets',
    'DescribeRouteTables',
    'DescribeVpcPeeringConnections',
    'DescribeTransitGateways',
    'DescribeTransitGatewayAttachments',
    'DescribeNetworkInterfaces',
    'DescribeNatGateways',
    'DescribeInternetGateways',
    'DescribeVpnConnections',
    'DescribeVpcEndpoints',
    'DescribeNetworkAcls',
    'DescribeSecurityGroups',
  ],
  pattern: `{ ${NOT_SERVICE_OR_CONSOLE_CLAUSE} }`,
  dedup: ['recipientAccountId', 'userIdentity.arn'],
  threshold: { count: 6, window: '10m', distinct: 'eventName' },
};
