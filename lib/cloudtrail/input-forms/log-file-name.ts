import type { LogFileKey } from '../parse-key.js';

const LOG_NAME =
  /^(\d{12})_(CloudTrail|CloudTrail-Insight)_([a-z0-9-]+)_(\d{8}T\d{4}Z)_?([A-Za-z0-9]+)\.json(?:\.gz)?$/;
const DIGEST_NAME = /^\d{12}_CloudTrail-Digest_.+\.json(?:\.gz)?$/;

/**
 * Parses the file name alone of a CloudTrail log or Insights file
 * (`<acct>_CloudTrail_<region>_<YYYYMMDD>T<HHmm>Z_<unique>.json.gz`, see
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-find-log-files.html), for
 * files downloaded out of their `AWSLogs/…` folders. A `.json` name (a download a browser
 * decompressed) is accepted too. The delivery date stands in for the folder's date.
 * @param name - the file name, without folders
 * @returns the key parts, or undefined when the name is not a CloudTrail log or Insights file's
 * @example
 * parseLogFileName('111122223333_CloudTrail_us-east-1_20260102T0310Z_abc.json.gz'); // { kind: 'log', accountId: '111122223333', … }
 */
export const parseLogFileName = (name: string): LogFileKey | undefined => {
  const m = LOG_NAME.exec(name);
  if (!m) return undefined;
  const [, accountId, literal, region, stamp, unique] = m as unknown as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  return {
    kind: literal === 'CloudTrail' ? 'log' : 'insight',
    accountId,
    region,
    date: `${stamp.slice(0, 4)}/${stamp.slice(4, 6)}/${stamp.slice(6, 8)}`,
    deliveredAt: `${stamp.slice(0, 4)}-${stamp.slice(4, 6)}-${stamp.slice(6, 8)}T${stamp.slice(9, 11)}:${stamp.slice(11, 13)}:00Z`,
    unique,
  };
};

/** Whether a file name is a CloudTrail digest file's (`<acct>_CloudTrail-Digest_…json.gz`). */
export const isDigestFileName = (name: string): boolean => DIGEST_NAME.test(name);
