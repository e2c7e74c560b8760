import { denied, params } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** GPU, machine-learning and accelerator families, the ones cryptomining and model abuse rent. */
const ACCELERATED = /^(p\d|g\d|inf\d|trn\d|dl\d)[a-z]*\./;

/** GPU instance launch refused: A principal tried to launch GPU or accelerated instances and was refused: the usual first move of cryptomining with stolen credentials, caught even when the launch fails. */
export const rule: RuleDefinition = {
  id: 'ec2-gpu-instance-launch-denied',
  title: 'GPU instance launch refused',
  description:
    'A principal tried to launch GPU or accelerated instances and was refused: the usual first move of cryptomining with stolen credentials, caught even when the launch fails.',
  severity: 'medium',
  tags: ['attack.impact', 'attack.t1496.001'],
  references: [
    'https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_RunInstances.html',
    'https://stratus-red-team.cloud/attack-techniques/AWS/aws.execution.ec2-launch-unusual-instances/',
  ],
  eventSource: 'ec2.amazonaws.com',
  eventNames: ['RunInstances'],
  match: (r) => denied(r) && ACCELERATED.test(String(params(r).instanceType ?? '')),
};
