import { params, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** CodeBuild project made public: A CodeBuild project's visibility was set to PUBLIC_READ: anyone on the internet can read its build logs and artifacts, where tokens and keys printed during builds end up. */
export const rule: RuleDefinition = {
  id: 'codebuild-project-made-public',
  title: 'CodeBuild project made public',
  description:
    "A CodeBuild project's visibility was set to PUBLIC_READ: anyone on the internet can read its build logs and artifacts, where tokens and keys printed during builds end up.",
  severity: 'high',
  tags: ['attack.credential-access', 'attack.t1552.001'],
  references: [
    'https://docs.aws.amazon.com/codebuild/latest/APIReference/API_UpdateProjectVisibility.html',
    'https://docs.aws.amazon.com/codebuild/latest/userguide/public-builds.html',
  ],
  eventSource: 'codebuild.amazonaws.com',
  eventNames: ['UpdateProjectVisibility'],
  match: (r) => succeeded(r) && params(r).projectVisibility === 'PUBLIC_READ',
};
