import { madeByAwsService, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** IAM Roles Anywhere profile created: A Roles Anywhere profile was created by a person or pipeline outside CloudFormation: the roles it lists can be assumed with certificates from any enabled trust anchor. */
export const rule: RuleDefinition = {
  id: 'rolesanywhere-profile-created',
  title: 'IAM Roles Anywhere profile created',
  description:
    'A Roles Anywhere profile was created by a person or pipeline outside CloudFormation: the roles it lists can be assumed with certificates from any enabled trust anchor.',
  severity: 'medium',
  tags: ['attack.persistence', 'attack.t1098.001'],
  references: [
    'https://docs.aws.amazon.com/rolesanywhere/latest/APIReference/API_CreateProfile.html',
    'https://docs.aws.amazon.com/rolesanywhere/latest/userguide/getting-started.html',
  ],
  eventSource: 'rolesanywhere.amazonaws.com',
  eventNames: ['CreateProfile'],
  match: (r) => succeeded(r) && !madeByAwsService(r),
};
