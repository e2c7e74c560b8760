import { CLOUDTRAIL_FIELDS } from '../constants.js';
import type { FieldPath } from './field-path.js';

/** Edit distance of two short names, for the "did you mean" hint. */
const distance = (a: string, b: string): number => {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++)
      current[j] = Math.min(
        (previous[j] as number) + 1,
        (current[j - 1] as number) + 1,
        (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1)
      );
    previous = current;
  }
  return previous[b.length] as number;
};

/**
 * Why a rule's field path can never hold a value, if it cannot: its first segment is no
 * top-level field of a CloudTrail record (lib/rules/constants.ts, after the record contents page
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-record-contents.html).
 * A typo such as `requestParameter.name` would otherwise load and silently never match; Sigma
 * rules are refused for the same reason.
 * @param path - the parsed path
 * @param text - the path as the rule wrote it
 * @returns the reason, with the nearest field name when one is close, or `undefined` for a real field
 * @example
 * unknownFieldProblem(['requestParameter', 'name'], 'requestParameter.name');
 * // "'requestParameter.name' is not a CloudTrail field (did you mean 'requestParameters'?)"
 */
export const unknownFieldProblem = (path: FieldPath, text: string): string | undefined => {
  const head = path[0];
  if (head === undefined || CLOUDTRAIL_FIELDS.has(head)) return undefined;
  let nearest: string | undefined;
  let best = 3;
  for (const field of CLOUDTRAIL_FIELDS) {
    const d = field.toLowerCase() === head.toLowerCase() ? 0 : distance(field, head);
    if (d < best) {
      best = d;
      nearest = field;
    }
  }
  return `'${text}' is not a CloudTrail field${nearest ? ` (did you mean '${nearest}'?)` : ''}`;
};
