import { member, succeeded } from '../helpers.js';
import type { RuleDefinition } from '../../types.js';

// Notes are text or HTML; the name says what happened or how to pay. Code and archives named
// "decrypt-util.jar" are not notes, hence the extension check.
const NOTE_NAME =
  /(ransom|decrypt|(recover|restore|get[-_ ]?back)[-_ ]?(your|my|all|the)?[-_ ]?(files|data)|how[-_ ]?to[-_ ]?(restore|recover|decrypt|pay)|(files|data)[-_ ]?(are|were|have[-_ ]?been)[-_ ]?(encrypted|stolen|locked)|readme[-_ ]?(now|first|warning|to[-_ ]?restore)|^!+[^/]*(warning|readme|important))/i;
const NOTE_EXTENSION = /(\.(txt|html?|md|hta|rtf))$|^[^.]+$/i;
/** Read alone (not all of requestParameters): the rule sees every object upload of S3 data events. */
const OBJECT_KEY = ['requestParameters', 'key'];

/** Ransom note uploaded to S3: An object whose name reads like a ransom note (HOW_TO_DECRYPT, RECOVER_YOUR_FILES, README_TO_RESTORE, …) was uploaded (an S3 data event). */
export const rule: RuleDefinition = {
  id: 's3-ransom-note-uploaded',
  title: 'Ransom note uploaded to S3',
  description:
    'An object whose name reads like a ransom note (HOW_TO_DECRYPT, RECOVER_YOUR_FILES, README_TO_RESTORE, …) was uploaded (an S3 data event).',
  severity: 'high',
  tags: ['attack.impact', 'attack.t1486'],
  references: [
    'https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html',
    'https://docs.aws.amazon.com/AmazonS3/latest/userguide/cloudtrail-logging-s3-info.html',
    'https://stratus-red-team.cloud/attack-techniques/AWS/aws.impact.s3-ransomware-client-side-encryption/',
  ],
  eventSource: 's3.amazonaws.com',
  eventNames: ['PutObject'],
  match: (r) => {
    if (!succeeded(r)) return false;
    const key = member(r, OBJECT_KEY);
    if (typeof key !== 'string') return false;
    const name = key.slice(key.lastIndexOf('/') + 1);
    return NOTE_NAME.test(name) && NOTE_EXTENSION.test(name);
  },
};
