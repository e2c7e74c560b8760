import type { AwsSecurityFinding, SecurityHubClient } from '@aws-sdk/client-securityhub';
import type { LazyClient } from '../aws/clients.js';
import { importFindings } from '../aws/securityhub.js';
import type { Alert, AlertSink } from '../model/alert.js';
import type { Log } from '../model/log.js';
import { silentLog } from '../model/log.js';
import { batchBySize } from './batch-by-size.js';
import { classifyError } from './classify-error.js';
import { LIMITS } from './constants.js';
import { AlertDeliveryError, type UndeliveredAlert } from './errors.js';
import { DEFAULT_RETRY_POLICY, pauseAfter, type RetryPolicy } from './retry-policy.js';
import { toAsffFinding } from './to-asff-finding.js';

/** What a Security Hub sink needs: a client, where findings go, its retry policy and clock. */
export type SecurityHubSinkOptions = {
  /** Made on the first send (createAlertClients: the SDK package loads then). */
  securityHub: LazyClient<SecurityHubClient>;
  /** The region findings are imported into (the client's). */
  region: string;
  /** The importing account; unset, each finding uses its alert's account. */
  account?: string;
  retry?: RetryPolicy;
  log?: Log;
  /** The notification's time (`UpdatedAt`); the wall clock by default. */
  now?: () => Date;
};

/** `FailedFindings` error codes another call cannot mend (the finding or the account is wrong). */
const FINAL_FINDING_CODES: ReadonlySet<string> = new Set([
  'InvalidInput',
  'InvalidInputException',
  'AccessDeniedException',
  'InvalidAccessException',
]);

type Pending = { finding: AwsSecurityFinding; alertIds: string[]; bytes: number };
type Failure = { item: Pending; code: string; message: string };

const undelivered = (f: Failure): UndeliveredAlert[] =>
  f.item.alertIds.map((id) => ({
    id,
    sink: 'securityhub',
    errorCode: `${f.code} on finding ${f.item.finding.Id}`,
    errorMessage: f.message,
  }));

/**
 * Keeps one finding per `Id`: the notifications of one incident in one `send` (an opening and
 * an escalation re-sent together) are one finding, the one with the highest count, and each of
 * them is delivered when it is.
 */
const oneFindingPerId = (mapped: ReadonlyArray<{ alert: Alert; finding: AwsSecurityFinding }>): Pending[] => {
  const byId = new Map<string, { alert: Alert; pending: Pending }>();
  for (const { alert, finding } of mapped) {
    const id = finding.Id ?? alert.id;
    const seen = byId.get(id);
    const alertIds = [...(seen?.pending.alertIds ?? []), alert.id];
    const keep =
      seen === undefined || alert.count >= seen.alert.count
        ? { alert, finding }
        : { alert: seen.alert, finding: seen.pending.finding };
    byId.set(id, {
      alert: keep.alert,
      pending: { finding: keep.finding, alertIds, bytes: Buffer.byteLength(JSON.stringify(keep.finding)) },
    });
  }
  return [...byId.values()].map((v) => v.pending);
};

/**
 * A Security Hub sink: each alert becomes an ASFF finding (`toAsffFinding`) whose `Id` is its
 * incident's, so an escalation updates the incident's finding in place. Findings go in
 * BatchImportFindings calls of at most 100 findings and 240 KB. Findings a call reports in
 * `FailedFindings` are sent again by id, and a call that fails as a whole (throttled, 5xx,
 * timeout) is sent again, in jittered rounds on top of the SDK's retries; findings Security Hub
 * accepted are never sent again by this call.
 * @param options - client, region and account, retry policy
 * @returns a sink whose `send` throws AlertDeliveryError naming every alert (and its finding) not imported
 * @example await securityHubSink({ securityHub, region: 'us-east-1' }).send(alerts)
 */
export const securityHubSink = (options: SecurityHubSinkOptions): AlertSink => {
  const {
    securityHub,
    region,
    account,
    retry = DEFAULT_RETRY_POLICY,
    log = silentLog,
    now = () => new Date(),
  } = options;

  const deliverBatch = async (batch: Pending[]): Promise<UndeliveredAlert[]> => {
    const failures: Failure[] = [];
    let pending = batch;
    for (let round = 1; pending.length > 0; round++) {
      let retryable: Failure[] = [];
      try {
        const failed = new Map(
          (
            await importFindings(
              securityHub,
              pending.map((p) => p.finding)
            )
          ).map((f) => [f.Id, f])
        );
        for (const item of pending) {
          const refusal = failed.get(item.finding.Id);
          if (refusal === undefined) continue;
          const failure = {
            item,
            code: refusal.ErrorCode ?? 'FailedFinding',
            message: refusal.ErrorMessage ?? 'BatchImportFindings refused the finding',
          };
          if (FINAL_FINDING_CODES.has(failure.code)) failures.push(failure);
          else retryable.push(failure);
        }
      } catch (error) {
        const verdict = classifyError(error);
        const failed = pending.map((item) => ({ item, code: verdict.code, message: verdict.message }));
        if (verdict.retryable) retryable = failed;
        else failures.push(...failed);
      }
      if (retryable.length === 0) break;
      if (round >= retry.attempts) {
        failures.push(...retryable);
        break;
      }
      log.info('securityhub findings retrying', { findings: retryable.length, errorCode: retryable[0]?.code, round });
      pending = retryable.map((f) => f.item);
      await pauseAfter(retry, round);
    }
    if (failures.length > 0)
      log.warn('securityhub findings failed', { findings: failures.length, errorCode: failures[0]?.code });
    return failures.flatMap(undelivered);
  };

  return {
    send: async (alerts) => {
      const failures: UndeliveredAlert[] = [];
      const at = now();
      const mapped: Array<{ alert: Alert; finding: AwsSecurityFinding }> = [];
      for (const alert of alerts) {
        try {
          mapped.push({
            alert,
            finding: toAsffFinding(alert, { region, ...(account !== undefined && { account }) }, at),
          });
        } catch (error) {
          failures.push({
            id: alert.id,
            sink: 'securityhub',
            errorCode: 'NoAccount',
            errorMessage: (error as Error).message,
          });
        }
      }
      const batches = batchBySize(
        oneFindingPerId(mapped),
        (p) => p.bytes,
        LIMITS.securityHubFindingsPerCall,
        LIMITS.securityHubBytes
      );
      // One call at a time: BatchImportFindings allows 10 requests a second, burst 30.
      for (const batch of batches) failures.push(...(await deliverBatch(batch)));
      log.info('securityhub alerts sent', { alerts: alerts.length, calls: batches.length, failed: failures.length });
      if (failures.length > 0) throw new AlertDeliveryError(failures, alerts.length);
    },
  };
};
