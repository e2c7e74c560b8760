import { params } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** SSM parameter hierarchy read and decrypted from the top: GetParametersByPath read a whole top-level hierarchy ("/" or one level below) recursively with decryption: every SecureString under it, in one sweep. */
export const rule: RuleDefinition = {
  id: 'ssm-parameters-dumped-by-path',
  title: 'SSM parameter hierarchy read and decrypted from the top',
  description:
    'GetParametersByPath read a whole top-level hierarchy ("/" or one level below) recursively with decryption: every SecureString under it, in one sweep.',
  severity: 'high',
  tags: ['attack.credential-access', 'attack.t1555.006'],
  references: [
    'https://docs.aws.amazon.com/systems-manager/latest/APIReference/API_GetParametersByPath.html',
    'https://attack.mitre.org/techniques/T1555/006/',
  ],
  eventSource: 'ssm.amazonaws.com',
  eventNames: ['GetParametersByPath'],
  match: (r) => {
    const p = params(r);
    return (
      p.withDecryption === true &&
      p.recursive === true &&
      typeof p.path === 'string' &&
      p.path.split('/').filter((segment) => segment !== '').length <= 1
    );
  },
};
