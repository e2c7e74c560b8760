import { ATTACK_TOOL_AGENT, byPerson, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

/** Objects batch-deleted by a person: A person (or an offensive tool) deleted objects with DeleteObjects, up to 1,000 per call with no list of what went: applications clean up their own keys, people emptying a bucket this way is how S3 ransomware wipes data. */
export const rule: RuleDefinition = {
  id: 's3-objects-batch-deleted-by-person',
  title: 'Objects batch-deleted by a person',
  description:
    'A person (or an offensive tool) deleted objects with DeleteObjects, up to 1,000 per call with no list of what went: applications clean up their own keys, people emptying a bucket this way is how S3 ransomware wipes data.',
  severity: 'medium',
  tags: ['attack.impact', 'attack.t1485'],
  references: [
    'https://docs.aws.amazon.com/AmazonS3/latest/API/API_DeleteObjects.html',
    'https://stratus-red-team.cloud/attack-techniques/AWS/aws.impact.s3-ransomware-batch-deletion/',
  ],
  eventSource: 's3.amazonaws.com',
  eventNames: ['DeleteObjects'],
  match: (r) => succeeded(r) && (byPerson(r) || ATTACK_TOOL_AGENT.test(r.userAgent ?? '')),
};
