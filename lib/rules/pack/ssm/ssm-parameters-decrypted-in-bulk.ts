import { asList, params, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** SSM parameters decrypted in bulk: GetParameters decrypted 10 or more parameters in one call (the API maximum), or GetParametersByPath decrypted a whole tree recursively: how SecureString secrets are dumped with few log lines. */
export const rule: RuleDefinition = {
  id: 'ssm-parameters-decrypted-in-bulk',
  title: 'SSM parameters decrypted in bulk',
  description:
    'GetParameters decrypted 10 or more parameters in one call (the API maximum), or GetParametersByPath decrypted a whole tree recursively: how SecureString secrets are dumped with few log lines.',
  severity: 'medium',
  tags: ['attack.credential-access', 'attack.t1552'],
  references: [
    'https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_GetParameters.html',
    'https://stratus-red-team.cloud/attack-techniques/AWS/aws.credential-access.ssm-retrieve-securestring-parameters/',
  ],
  eventSource: 'ssm.amazonaws.com',
  eventNames: ['GetParameters', 'GetParametersByPath'],
  match: (r) =>
    succeeded(r) &&
    params(r).withDecryption === true &&
    (asList(params(r).names).length >= 10 || (r.eventName === 'GetParametersByPath' && params(r).recursive === true)),
};
