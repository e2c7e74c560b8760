import type { CloudTrailRecord } from '../../lib/model/record.js';
import { compileDefinition } from '../../lib/rules/engine/compile-rule.js';
import { RuleEngine } from '../../lib/rules/engine/rule-engine.js';
import { record } from '../rules/helpers.js';

/** An engine with one rule: a trail stopped (StopLogging), one alert per caller. */
export const trailStoppedEngine = (): RuleEngine =>
  new RuleEngine([
    compileDefinition({
      id: 'trail-stopped',
      title: 'Trail stopped',
      description: 'test',
      severity: 'high',
      tags: [],
      references: [],
      eventSource: 'cloudtrail.amazonaws.com',
      eventNames: ['StopLogging'],
      dedup: ['userIdentity.arn'],
    }),
  ]);

/**
 * `count` StopLogging calls by IAM user `user`, a second apart from `second` seconds after `start`.
 * @param start - epoch ms the seconds count from
 */
export const stopLoggingCalls = (start: number, user: string, count: number, second: number): CloudTrailRecord[] =>
  Array.from({ length: count }, (_, i) =>
    record(
      {
        eventSource: 'cloudtrail.amazonaws.com',
        eventName: 'StopLogging',
        eventTime: new Date(start + (second + i) * 1000).toISOString().replace('.000', ''),
        userIdentity: { type: 'IAMUser', arn: `arn:aws:iam::111122223333:user/${user}`, accountId: '111122223333' },
      },
      `${user}-${second + i}`
    )
  );
