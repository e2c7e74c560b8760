import { fromConsole, madeByAwsService, member, usesLongTermKey } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** SecureString parameter decrypted with a long-term access key: An IAM user's or root's access key read SecureString parameters with decryption outside the console. Workloads read secrets with role sessions; a user key doing it is often a leaked key. */
/** Read alone (not all of requestParameters), and after the head's caller fields: the rule sees every parameter read. */
const WITH_DECRYPTION = ['requestParameters', 'withDecryption'];

export const rule: RuleDefinition = {
  id: 'ssm-securestring-read-with-long-term-key',
  title: 'SecureString parameter decrypted with a long-term access key',
  description:
    "An IAM user's or root's access key read SecureString parameters with decryption outside the console. Workloads read secrets with role sessions; a user key doing it is often a leaked key.",
  severity: 'medium',
  tags: ['attack.credential-access', 'attack.t1555.006', 'attack.initial-access', 'attack.t1078.004'],
  references: [
    'https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_GetParameters.html',
    'https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_GetParameter.html',
  ],
  eventSource: 'ssm.amazonaws.com',
  eventNames: ['GetParameter', 'GetParameters'],
  match: (r) => usesLongTermKey(r) && member(r, WITH_DECRYPTION) === true && !fromConsole(r) && !madeByAwsService(r),
};
