import { asList, params, succeeded, viaAwsService } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

const SHELL_DOCUMENTS = new Set(['AWS-RunShellScript', 'AWS-RunPowerShellScript']);

/** The instances a command goes to: explicit ids, or many when it targets tags or every instance. */
const fanOut = (r: Parameters<NonNullable<RuleDefinition['match']>>[0]): number =>
  asList(params(r).targets).length > 0 ? Number.POSITIVE_INFINITY : asList(params(r).instanceIds).length;

/** Shell command sent to instances with Run Command: AWS-RunShellScript or AWS-RunPowerShellScript was sent through Systems Manager by a caller other than an AWS service: arbitrary commands as root or SYSTEM on the instances; medium when it reaches three or more instances or targets tags. */
export const rule: RuleDefinition = {
  id: 'ssm-shell-command-sent',
  title: 'Shell command sent to instances with Run Command',
  description:
    'AWS-RunShellScript or AWS-RunPowerShellScript was sent through Systems Manager by a caller other than an AWS service: arbitrary commands as root or SYSTEM on the instances; medium when it reaches three or more instances or targets tags.',
  severity: 'low',
  severityFor: (r) => (fanOut(r) >= 3 ? 'medium' : 'low'),
  tags: ['attack.execution', 'attack.t1651'],
  references: [
    'https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_SendCommand.html',
    'https://stratus-red-team.cloud/attack-techniques/AWS/aws.execution.ssm-send-command/',
  ],
  eventSource: 'ssm.amazonaws.com',
  eventNames: ['SendCommand'],
  match: (r) => succeeded(r) && !viaAwsService(r) && SHELL_DOCUMENTS.has(String(params(r).documentName)),
};
