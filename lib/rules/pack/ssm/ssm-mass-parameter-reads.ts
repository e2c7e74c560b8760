import { member, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Many decrypted SSM parameters read by one principal: One principal read 20 or more SecureString parameters with decryption within 10 minutes. */
/** Read alone (not all of requestParameters): the rule sees every parameter read. */
const WITH_DECRYPTION = ['requestParameters', 'withDecryption'];

export const rule: RuleDefinition = {
  id: 'ssm-mass-parameter-reads',
  title: 'Many decrypted SSM parameters read by one principal',
  description: 'One principal read 20 or more SecureString parameters with decryption within 10 minutes.',
  severity: 'high',
  tags: ['attack.credential-access', 'attack.t1552'],
  references: ['https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_GetParameters.html'],
  eventSource: 'ssm.amazonaws.com',
  eventNames: ['GetParameter', 'GetParameters', 'GetParametersByPath'],
  match: (r) => succeeded(r) && member(r, WITH_DECRYPTION) === true,
  dedup: ['recipientAccountId', 'userIdentity.arn'],
  threshold: { count: 20, window: '10m' },
};
