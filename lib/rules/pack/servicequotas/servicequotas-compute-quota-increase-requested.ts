import { params, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Service codes whose quotas bound how much compute an account can run. */
const COMPUTE_SERVICES = new Set(['ec2', 'lambda', 'sagemaker', 'bedrock', 'ecs', 'fargate', 'batch', 'lightsail']);

/** Compute quota increase requested: A quota increase was requested for a compute service (EC2, Lambda, SageMaker, Bedrock, ECS, Fargate, Batch, Lightsail): the step before running more, or larger, instances than the account was sized for. */
export const rule: RuleDefinition = {
  id: 'servicequotas-compute-quota-increase-requested',
  title: 'Compute quota increase requested',
  description:
    'A quota increase was requested for a compute service (EC2, Lambda, SageMaker, Bedrock, ECS, Fargate, Batch, Lightsail): the step before running more, or larger, instances than the account was sized for.',
  severity: 'low',
  tags: ['attack.defense-evasion', 'attack.t1578.005', 'attack.impact', 'attack.t1496.001'],
  references: [
    'https://docs.aws.amazon.com/servicequotas/2019-06-24/apireference/API_RequestServiceQuotaIncrease.html',
    'https://attack.mitre.org/techniques/T1578/005/',
  ],
  eventSource: 'servicequotas.amazonaws.com',
  eventNames: ['RequestServiceQuotaIncrease'],
  match: (r) => succeeded(r) && COMPUTE_SERVICES.has(String(params(r).serviceCode ?? '').toLowerCase()),
};
