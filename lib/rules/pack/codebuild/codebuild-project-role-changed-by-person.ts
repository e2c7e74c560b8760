import { byPerson, params, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** CodeBuild project role changed by a person: A person gave a CodeBuild project another service role: the next build runs with that role, a known path from CodeBuild access to the role's permissions. */
export const rule: RuleDefinition = {
  id: 'codebuild-project-role-changed-by-person',
  title: 'CodeBuild project role changed by a person',
  description:
    "A person gave a CodeBuild project another service role: the next build runs with that role, a known path from CodeBuild access to the role's permissions.",
  severity: 'medium',
  tags: ['attack.privilege-escalation', 'attack.t1098.003'],
  references: [
    'https://docs.aws.amazon.com/codebuild/latest/APIReference/API_UpdateProject.html',
    'https://docs.aws.amazon.com/codebuild/latest/userguide/setting-up-service-role.html',
  ],
  eventSource: 'codebuild.amazonaws.com',
  eventNames: ['UpdateProject'],
  match: (r) => succeeded(r) && byPerson(r) && typeof params(r).serviceRole === 'string',
};
