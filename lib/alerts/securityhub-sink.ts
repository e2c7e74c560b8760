import type { AwsSecurityFinding, AwsSecurityFindingIdentifier, SecurityHubClient } from '@aws-sdk/client-securityhub';
import type { LazyClient } from '../aws/clients.js';
import { importFindings, resolveFindings } from '../aws/securityhub.js';
import type { Alert, AlertSink } from '../model/alert.js';
import type { IncidentClosing } from '../model/incident.js';
import type { Log } from '../model/log.js';
import { silentLog } from '../model/log.js';
import { batchBySize } from './batch-by-size.js';
import { classifyError } from './classify-error.js';
import { LIMITS } from './constants.js';
import { AlertDeliveryError, type UndeliveredAlert } from './errors.js';
import { DEFAULT_RETRY_POLICY, pauseAfter, type RetryPolicy } from './retry-policy.js';
import { defaultProductArn, toAsffFinding } from './to-asff-finding.js';

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
 * `UnprocessedFindings` error codes another BatchUpdateFindings call cannot mend
 * (https://docs.aws.amazon.com/securityhub/1.0/APIReference/API_BatchUpdateFindingsUnprocessedFinding.html).
 * `FindingNotFound` is retried: an import takes a moment to land.
 */
const FINAL_UPDATE_CODES: ReadonlySet<string> = new Set([
  'InvalidInput',
  'DuplicatedFindingIdentifier',
  'FindingSizeExceeded',
  'AccessDeniedException',
]);

/** The note a resolved finding gets: why trailwatch closed it. */
export const closingNote = (quietMs: number): string => {
  const hours = Math.round((quietMs / 3_600_000) * 100) / 100;
  return `trailwatch: incident closed after ${hours} hour${hours === 1 ? '' : 's'} without a match`;
};

type PendingClosing = { closing: IncidentClosing; identifier: AwsSecurityFindingIdentifier };

/**
 * A Security Hub sink: each alert becomes an ASFF finding (`toAsffFinding`) whose `Id` is its
 * incident's, so an escalation updates the incident's finding in place. Findings go in
 * BatchImportFindings calls of at most 100 findings and 240 KB. Findings a call reports in
 * `FailedFindings` are sent again by id, and a call that fails as a whole (throttled, 5xx,
 * timeout) is sent again, in jittered rounds on top of the SDK's retries; findings Security Hub
 * accepted are never sent again by this call.
 *
 * `close` resolves the findings of closed incidents: BatchUpdateFindings with `Workflow.Status`
 * RESOLVED and a note naming the quiet period, on the finding whose `Id` is the incident id in the
 * account's default product (the one the findings were imported into), at most 100 per call and
 * one quiet period per call (the note is the call's). Findings a call returns in
 * `UnprocessedFindings` are sent again by id in the same jittered rounds; what is still not
 * resolved throws AlertDeliveryError naming each closing and its finding.
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

  const resolveBatch = async (batch: PendingClosing[], note: string): Promise<UndeliveredAlert[]> => {
    const failed: Array<{ item: PendingClosing; code: string; message: string }> = [];
    let pending = batch;
    for (let round = 1; pending.length > 0; round++) {
      let retryable: typeof failed = [];
      try {
        const unprocessed = new Map(
          (
            await resolveFindings(
              securityHub,
              pending.map((p) => p.identifier),
              note
            )
          ).map((u) => [u.FindingIdentifier?.Id, u])
        );
        for (const item of pending) {
          const refusal = unprocessed.get(item.identifier.Id);
          if (refusal === undefined) continue;
          const failure = {
            item,
            code: refusal.ErrorCode ?? 'UnprocessedFinding',
            message: refusal.ErrorMessage ?? 'BatchUpdateFindings did not update the finding',
          };
          if (FINAL_UPDATE_CODES.has(failure.code)) failed.push(failure);
          else retryable.push(failure);
        }
      } catch (error) {
        const verdict = classifyError(error);
        const all = pending.map((item) => ({ item, code: verdict.code, message: verdict.message }));
        if (verdict.retryable) retryable = all;
        else failed.push(...all);
      }
      if (retryable.length === 0) break;
      if (round >= retry.attempts) {
        failed.push(...retryable);
        break;
      }
      log.info('securityhub closings retrying', { findings: retryable.length, errorCode: retryable[0]?.code, round });
      pending = retryable.map((f) => f.item);
      await pauseAfter(retry, round);
    }
    if (failed.length > 0)
      log.warn('securityhub closings failed', { findings: failed.length, errorCode: failed[0]?.code });
    return failed.map((f) => ({
      id: f.item.closing.id,
      sink: 'securityhub',
      errorCode: `${f.code} on finding ${f.item.identifier.Id}`,
      errorMessage: f.message,
    }));
  };

  return {
    close: async (closings) => {
      const failures: UndeliveredAlert[] = [];
      // One call per quiet period (the note is the call's), each finding once.
      const byNote = new Map<string, Map<string, PendingClosing>>();
      for (const closing of closings) {
        const findingAccount = account ?? closing.account;
        if (findingAccount === undefined || !/^\d{12}$/.test(findingAccount)) {
          failures.push({
            id: closing.id,
            sink: 'securityhub',
            errorCode: 'NoAccount',
            errorMessage: `incident ${closing.incidentId} names no 12-digit account to resolve its finding in`,
          });
          continue;
        }
        const note = closingNote(closing.quietMs);
        const group = byNote.get(note) ?? new Map<string, PendingClosing>();
        group.set(closing.incidentId, {
          closing,
          identifier: { Id: closing.incidentId, ProductArn: defaultProductArn(region, findingAccount) },
        });
        byNote.set(note, group);
      }
      let calls = 0;
      for (const [note, group] of byNote) {
        const items = [...group.values()];
        for (let from = 0; from < items.length; from += LIMITS.securityHubFindingsPerCall) {
          calls++;
          failures.push(...(await resolveBatch(items.slice(from, from + LIMITS.securityHubFindingsPerCall), note)));
        }
      }
      log.info('securityhub findings resolved', { closings: closings.length, calls, failed: failures.length });
      if (failures.length > 0) throw new AlertDeliveryError(failures, closings.length);
    },
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
