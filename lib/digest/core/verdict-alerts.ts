import { createHash } from 'node:crypto';
import type { Alert, Severity } from '../../model/alert.js';
import type { DigestFailureReason, Finding, LogReason } from '../types.js';
import type { DigestVerdict } from './verify-digest-object.js';

/** Severity of a failed digest: evidence of tampering is critical, unreadable input high. */
const DIGEST_SEVERITY: Record<DigestFailureReason, Severity> = {
  'not-found': 'critical',
  'signature-missing': 'critical',
  'signature-mismatch': 'critical',
  moved: 'critical',
  'key-not-found': 'critical',
  'invalid-format': 'high',
  'too-large': 'high',
  'backfill-timestamp-missing': 'high',
  'field-missing': 'high',
  'key-unloadable': 'high',
  unexpected: 'high',
};

/** Severity of an invalid log file. */
const LOG_SEVERITY: Partial<Record<LogReason, Severity>> = {
  'not-found': 'critical',
  'hash-mismatch': 'critical',
  truncated: 'critical',
  'trailing-data': 'critical',
  'not-gzip': 'high',
  'decompressed-json': 'high',
  'corrupt-gzip': 'high',
  'no-hash-value': 'high',
  'bad-entry': 'high',
};

/** MITRE ATT&CK: indicator removal on host (T1070) and stored data manipulation (T1565.001). */
const TAGS = ['attack.defense-evasion', 'attack.t1070', 'attack.impact', 'attack.t1565.001'];

/**
 * A deterministic alert id: the same verdict re-computed (a Lambda retry, a re-delivered event)
 * yields the same id, so consumers that de-duplicate on it see one alert.
 */
export const integrityAlertId = (ruleId: string, bucket: string, key: string, context: string): string =>
  createHash('sha256').update(`integrity\n${ruleId}\n${bucket}/${key}\n${context}`).digest('hex').slice(0, 32);

type AlertContext = { account?: string; region?: string; at: string; digest: string };

const alert = (
  ruleId: string,
  severity: Severity,
  title: string,
  description: string,
  bucket: string,
  key: string,
  ctx: AlertContext,
  details: Record<string, unknown>
): Alert => ({
  id: integrityAlertId(ruleId, bucket, key, ctx.digest),
  category: 'integrity',
  ruleId,
  title,
  description,
  severity,
  tags: TAGS,
  ...(ctx.account !== undefined && { account: ctx.account }),
  ...(ctx.region !== undefined && { region: ctx.region }),
  count: 1,
  firstSeen: ctx.at,
  lastSeen: ctx.at,
  eventIds: [],
  bucket,
  s3Key: key,
  details,
});

/**
 * Turns a labelled finding into an integrity alert (rule id `digest-<code>`).
 * @param finding - the finding
 * @param ctx - account, region, time and the digest it came from (part of the stable id)
 */
export const findingAlert = (finding: Finding, ctx: AlertContext): Alert =>
  alert(
    `digest-${finding.code}`,
    finding.severity,
    `CloudTrail integrity: ${finding.code.replace(/-/g, ' ')}`,
    finding.message,
    finding.bucket,
    finding.key,
    ctx,
    {
      ...finding.details,
      digest: ctx.digest,
      cliParity: false,
    }
  );

/**
 * The alerts for one verdict: the digest if it failed (rule `digest-invalid-<reason>`), each invalid
 * log file (`log-invalid-<reason>`), and each extra finding. Severities: high or critical for every
 * failure; a chain start, which is no failure but worth a look, is medium.
 * @param verdict - what verifyDigestObject returned
 * @returns alerts, empty for a clean digest
 */
export const verdictAlerts = (verdict: DigestVerdict): Alert[] => {
  const { digest } = verdict;
  const ctx: AlertContext = {
    account: digest.accountId,
    region: digest.sourceRegion,
    at: verdict.checkedAt,
    digest: `s3://${digest.bucket}/${digest.key}`,
  };
  const alerts: Alert[] = [];
  if (digest.status === 'invalid') {
    const reason = digest.reason ?? 'unexpected';
    alerts.push(
      alert(
        `digest-invalid-${reason}`,
        DIGEST_SEVERITY[reason],
        `CloudTrail digest INVALID: ${reason.replace(/-/g, ' ')}`,
        digest.cliLine,
        digest.bucket,
        digest.key,
        ctx,
        {
          cliLine: digest.cliLine,
          reason,
          trailName: digest.trailName,
          backfill: digest.backfill,
          cliParity: true,
        }
      )
    );
  }
  for (const log of verdict.logFiles) {
    if (log.status === 'valid') continue;
    alerts.push(
      alert(
        `log-invalid-${log.reason}`,
        LOG_SEVERITY[log.reason] ?? 'high',
        `CloudTrail log file INVALID: ${log.reason.replace(/-/g, ' ')}`,
        log.cliLine,
        log.bucket,
        log.key,
        ctx,
        {
          cliLine: log.cliLine,
          reason: log.reason,
          expectedHash: log.expectedHash,
          ...(log.actualHash !== undefined && { actualHash: log.actualHash }),
          ...(log.detail !== undefined && { detail: log.detail }),
          cliParity: true,
        }
      )
    );
  }
  for (const finding of verdict.findings) alerts.push(findingAlert(finding, ctx));
  return alerts;
};
