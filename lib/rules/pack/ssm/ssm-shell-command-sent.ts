import { madeByAwsService, params, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

const SHELL_DOCUMENTS = new Set(['AWS-RunShellScript', 'AWS-RunPowerShellScript', 'AWS-RunRemoteScript']);

/** Shell command sent to instances through Run Command: A person or pipeline ran a shell or PowerShell script on managed instances with SSM SendCommand: code execution as root or SYSTEM on every target. */
export const rule: RuleDefinition = {
  id: 'ssm-shell-command-sent',
  title: 'Shell command sent to instances through Run Command',
  description:
    'A person or pipeline ran a shell or PowerShell script on managed instances with SSM SendCommand: code execution as root or SYSTEM on every target.',
  severity: 'medium',
  tags: ['attack.execution', 'attack.t1651'],
  references: [
    'https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_SendCommand.html',
    'https://attack.mitre.org/techniques/T1651/',
  ],
  eventSource: 'ssm.amazonaws.com',
  eventNames: ['SendCommand'],
  match: (r) => {
    const document = params(r).documentName;
    return succeeded(r) && !madeByAwsService(r) && typeof document === 'string' && SHELL_DOCUMENTS.has(document);
  },
};
