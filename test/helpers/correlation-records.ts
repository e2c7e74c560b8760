import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { viewOf } from '../../lib/cloudtrail/record-view.js';
import { memoryCorrelationStore } from '../../lib/incidents/memory-correlation-store.js';
import type { Alert } from '../../lib/model/alert.js';
import type { CloudTrailRecord } from '../../lib/model/record.js';
import { correlateMatches, judgeClosedWindows } from '../../lib/pipelines/correlations.js';
import { loadRuleSet, RuleEngine } from '../../lib/rules/index.js';

const ACCOUNT = '111122223333';
let serial = 0;

/** A console sign-in record as CloudTrail writes it for an IAM user (cloudtrail-records.md §6). */
export const consoleLogin = (
  at: string,
  outcome: 'Success' | 'Failure',
  user = 'example-user',
  ip = '198.51.100.7'
): CloudTrailRecord => ({
  eventVersion: '1.08',
  userIdentity: {
    type: 'IAMUser',
    principalId: 'AIDACKCEVSQ6C2EXAMPLE',
    accountId: ACCOUNT,
    ...(outcome === 'Success' ? { arn: `arn:aws:iam::${ACCOUNT}:user/${user}` } : {}),
    userName: user,
  },
  eventTime: at,
  eventSource: 'signin.amazonaws.com',
  eventName: 'ConsoleLogin',
  awsRegion: 'us-east-1',
  sourceIPAddress: ip,
  userAgent:
    'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36',
  ...(outcome === 'Failure' ? { errorMessage: 'Failed authentication' } : {}),
  requestParameters: null,
  responseElements: { ConsoleLogin: outcome },
  additionalEventData: {
    LoginTo: 'https://console.aws.amazon.com/console/home?state=hashArgs%23&isauthcode=true',
    MobileVersion: 'No',
    MFAUsed: 'No',
  },
  eventID: `0000${String(++serial).padStart(4, '0')}-1d2e-4f5a-8b9c-${at.replace(/\D/g, '').slice(0, 12)}`,
  readOnly: false,
  eventType: 'AwsConsoleSignIn',
  managementEvent: true,
  recipientAccountId: ACCOUNT,
  eventCategory: 'Management',
  tlsDetails: {
    tlsVersion: 'TLSv1.3',
    cipherSuite: 'TLS_AES_128_GCM_SHA256',
    clientProvidedHostHeader: 'signin.aws.amazon.com',
  },
});

/** A folder holding these rule files. */
export const ruleFolder = (files: Record<string, string>): string => {
  const dir = mkdtempSync(join(tmpdir(), 'tw-corr-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
};

/**
 * Runs files (lists of records) through the engine and a correlation store, file by file, as
 * ingest does, and returns what each file fired.
 */
export const correlator = (dirs: string[], options: { builtin?: boolean } = {}) => {
  const ruleSet = loadRuleSet({ dirs, builtin: options.builtin ?? false });
  const engine = new RuleEngine(ruleSet.rules, { correlations: ruleSet.correlations });
  const store = memoryCorrelationStore();
  const deps = { correlations: engine.correlations, store };
  return {
    ruleSet,
    engine,
    store,
    /** One file: its own (non-correlation) alerts and what its matches fired. */
    file: async (name: string, records: readonly CloudTrailRecord[]): Promise<{ own: Alert[]; fired: Alert[] }> => {
      const detector = engine.detector({ bucket: 'trail-bucket', key: name });
      const take = detector.deferCorrelations?.();
      for (const [i, r] of records.entries()) detector.onRecord(viewOf(r, i));
      const own = detector.finish();
      const fired = await correlateMatches(take?.() ?? [], `trail-bucket/${name}`, deps);
      return { own, fired };
    },
    /** The end-of-run judgement of lt/lte/eq windows. */
    judge: (watermark = Number.POSITIVE_INFINITY) => judgeClosedWindows(deps, watermark),
  };
};

/** `2026-03-04T05:MM:SSZ` at `minutes` (fractions allowed) past 05:00. */
export const at = (minutes: number): string =>
  new Date(Date.parse('2026-03-04T05:00:00Z') + minutes * 60_000).toISOString().replace('.000Z', 'Z');

/** iam:CreateAccessKey by an admin for another user, as CloudTrail records it. */
export const createAccessKey = (when: string, forUser: string, by = 'admin'): CloudTrailRecord => ({
  eventVersion: '1.09',
  userIdentity: {
    type: 'IAMUser',
    principalId: 'AIDAJ45Q7YFFAREXAMPLE',
    arn: `arn:aws:iam::${ACCOUNT}:user/${by}`,
    accountId: ACCOUNT,
    accessKeyId: 'ASIAIOSFODNN7EXAMPLE',
    userName: by,
    sessionContext: { attributes: { creationDate: '2026-03-04T04:00:00Z', mfaAuthenticated: 'true' } },
  },
  eventTime: when,
  eventSource: 'iam.amazonaws.com',
  eventName: 'CreateAccessKey',
  awsRegion: 'us-east-1',
  sourceIPAddress: '198.51.100.20',
  userAgent: 'aws-cli/2.15.0 Python/3.11.6 Linux/6.1 exe/x86_64.amzn.2023',
  requestParameters: { userName: forUser },
  responseElements: {
    accessKey: {
      userName: forUser,
      accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
      status: 'Active',
      createDate: 'Mar 4, 2026 5:10:00 AM',
    },
  },
  requestID: '9d2c7d2a-1b2c-4d5e-8f90-0a1b2c3d4e5f',
  eventID: `0000${String(++serial).padStart(4, '0')}-2e3f-4a5b-9c0d-${when.replace(/\D/g, '').slice(0, 12)}`,
  readOnly: false,
  eventType: 'AwsApiCall',
  managementEvent: true,
  recipientAccountId: ACCOUNT,
  eventCategory: 'Management',
  tlsDetails: {
    tlsVersion: 'TLSv1.3',
    cipherSuite: 'TLS_AES_128_GCM_SHA256',
    clientProvidedHostHeader: 'iam.amazonaws.com',
  },
});

/** Two Sigma rules, failed and successful console sign-ins, for correlations to reference. */
export const SIGN_IN_RULES = `title: Console sign-in failed
id: 53ba33fd-3a50-4468-a5ef-c583635cfa92
name: failed_login
logsource:
  product: aws
  service: cloudtrail
detection:
  selection:
    eventName: ConsoleLogin
    responseElements.ConsoleLogin: Failure
  condition: selection
level: low
---
title: Console sign-in succeeded
id: 4d0a2c83-c62c-4ed4-b475-c7e23a9269b8
name: successful_login
logsource:
  product: aws
  service: cloudtrail
detection:
  selection:
    eventName: ConsoleLogin
    responseElements.ConsoleLogin: Success
  condition: selection
level: low
`;

/** A Sigma correlation rule named `name` with the given `correlation:` body, as the next document of a file. */
export const correlationRule = (name: string, body: string, level = 'high'): string =>
  `---\ntitle: ${name}\nname: ${name}\ncorrelation:\n${body}\nlevel: ${level}\n`;
