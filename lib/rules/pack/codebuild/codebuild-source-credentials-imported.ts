import { succeeded, viaAwsService } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Source provider credentials imported into CodeBuild: A GitHub, GitHub Enterprise, GitLab or Bitbucket token was imported into CodeBuild for the whole account and region: every project can now pull (and push) with that identity. */
export const rule: RuleDefinition = {
  id: 'codebuild-source-credentials-imported',
  title: 'Source provider credentials imported into CodeBuild',
  description:
    'A GitHub, GitHub Enterprise, GitLab or Bitbucket token was imported into CodeBuild for the whole account and region: every project can now pull (and push) with that identity.',
  severity: 'medium',
  tags: ['attack.persistence', 'attack.t1098.001'],
  references: [
    'https://docs.aws.amazon.com/codebuild/latest/APIReference/API_ImportSourceCredentials.html',
    'https://docs.aws.amazon.com/codebuild/latest/userguide/access-tokens.html',
  ],
  eventSource: 'codebuild.amazonaws.com',
  eventNames: ['ImportSourceCredentials'],
  match: (r) => succeeded(r) && !viaAwsService(r),
};
