import { params, succeeded, viaAwsService } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Build started with a replacement buildspec: A build was started with buildspecOverride: the commands run are whatever the caller sent, with the project's role and secrets, not the reviewed buildspec in the repository. */
export const rule: RuleDefinition = {
  id: 'codebuild-build-buildspec-overridden',
  title: 'Build started with a replacement buildspec',
  description:
    "A build was started with buildspecOverride: the commands run are whatever the caller sent, with the project's role and secrets, not the reviewed buildspec in the repository.",
  severity: 'medium',
  tags: ['attack.execution', 'attack.t1648'],
  references: [
    'https://docs.aws.amazon.com/codebuild/latest/APIReference/API_StartBuild.html',
    'https://docs.aws.amazon.com/codebuild/latest/userguide/build-spec-ref.html',
  ],
  eventSource: 'codebuild.amazonaws.com',
  eventNames: ['StartBuild', 'StartBuildBatch'],
  match: (r) =>
    succeeded(r) &&
    !viaAwsService(r) &&
    typeof params(r).buildspecOverride === 'string' &&
    params(r).buildspecOverride !== '',
};
