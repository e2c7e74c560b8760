import { params, succeeded, viaAwsService } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Build started with another role, image or privileged mode: A build was started overriding the project's service role, build image or privileged mode: the build runs with powers or a container the project owners did not configure. */
export const rule: RuleDefinition = {
  id: 'codebuild-build-environment-overridden',
  title: 'Build started with another role, image or privileged mode',
  description:
    "A build was started overriding the project's service role, build image or privileged mode: the build runs with powers or a container the project owners did not configure.",
  severity: 'medium',
  tags: ['attack.privilege-escalation', 'attack.t1098.003'],
  references: [
    'https://docs.aws.amazon.com/codebuild/latest/APIReference/API_StartBuild.html',
    'https://docs.aws.amazon.com/codebuild/latest/userguide/auth-and-access-control-iam-identity-based-access-control.html',
  ],
  eventSource: 'codebuild.amazonaws.com',
  eventNames: ['StartBuild', 'StartBuildBatch'],
  match: (r) =>
    succeeded(r) &&
    !viaAwsService(r) &&
    (typeof params(r).serviceRoleOverride === 'string' ||
      typeof params(r).imageOverride === 'string' ||
      params(r).privilegedModeOverride === true),
};
