import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { AlertDeliveryError } from '../alerts/errors.js';
import { parseArn } from '../alerts/parse-arn.js';
import { type Alert, type AlertDraft, builtAlert, SEVERITIES } from '../model/alert.js';
import type { StoredIncident } from '../model/incident.js';
import { memoryIncidentStore } from '../incidents/memory-store.js';
import {
  checkStateWritable,
  readBaselineState,
  readCorrelationState,
  readIncidentState,
  writeIncidentState,
} from '../local/incident-file.js';
import { closeQuietIncidents } from '../pipelines/close-incidents.js';
import { memoryBaselineStore } from '../incidents/memory-baseline-store.js';
import { learningMsOf } from '../incidents/baseline-keys.js';
import { firstSeenJudge } from '../pipelines/first-seen.js';
import type { FirstSeenCandidate } from '../model/baseline.js';
import { DEFAULT_LEARNING_DAYS, loadIncidentSettings, parseLearningDays } from '../config/incidents.js';
import { foldIntoIncidentsNow } from '../pipelines/incidents.js';
import { memoryCorrelationStore } from '../incidents/memory-correlation-store.js';
import { correlateGroupsNow, judgeClosedWindows } from '../pipelines/correlations.js';
import type { MatchGroup } from '../model/correlation.js';
import type { ObjectRef } from '../model/object-ref.js';
import { noMetrics } from '../model/metrics.js';
import type { Log } from '../model/log.js';
import { viewOf } from '../cloudtrail/record-view.js';
import { fileCheckpointStore, readLookupEvents } from '../sources/lookup-events.js';
import { loadRuleSet, RuleEngine, RuleLoadError, RuleSetLoadError } from '../rules/index.js';
import { ruleWarningLines } from './rule-warnings.js';
import { checkChoice } from './check-choice.js';
import { cliLog, cliLogLevel } from './cli-log.js';
import { findInputFiles } from './find-input-files.js';
import { cliIpEnricher } from './ip-context.js';
import { parseWorkers, WORKERS_HELP } from './parse-workers.js';
import { scanInWorkers, workerCount } from './scan-in-workers.js';
import { type CliIo, parseCommand, usageError } from './parse-command.js';
import { skippedRecords } from './skipped-records.js';
import { plural } from './plural.js';

const HELP = `usage: trailwatch detect <dir|file…> [--rules <path>…] [--disable <id>…] [--format jsonl|table]
                        [--state FILE] [--per-file] [--sns-topic-arn ARN] [--event-bus NAME] [--workers N]
                        [--security-hub] [--learning-days N]
       trailwatch detect --lookup-events [--start-time T] [--end-time T] [--region R…] [options above]

Runs the detection rules over CloudTrail log files (an 'aws s3 sync' copy of the trail bucket,
or files) with the same engine as the Lambda functions. Matches fold into incidents (one per
rule and dedup key, closed after 24 hours without a match; docs/incidents.md) and one line is
printed when an incident opens and when it escalates (its count reaches 10, 100, 1,000…).
  --state FILE           keep the incidents in FILE between runs, so today's run continues
                         yesterday's incidents (created when missing)
  --per-file             print every file's alerts as they are, without incidents (first-seen
                         rules then alert nothing)
  --learning-days N      first-seen rules learn silently for the first N days of data the
                         state has seen (default FIRST_SEEN_LEARNING_DAYS, else 7; 0: alert
                         from the first file; docs/context.md)
  --rules <path>         extra rules: a folder or file of YAML, CloudWatch pattern or Sigma
                         rules and suppression lists (repeatable)
  --disable <id>         leave out a rule by id, glob (sigma-*) or Sigma UUID (repeatable,
                         or comma-separated)
  --format jsonl|table   jsonl (one notification or alert per line) unless stdout is a
                         terminal; table lists the incidents
  --sns-topic-arn ARN    also send every alert to this SNS topic (replay into the SIEM)
  --event-bus NAME       also send every alert to this EventBridge bus ('default' or a name/ARN)
  --security-hub         also import every notification into Security Hub: one ASFF finding per
                         incident, updated when it escalates and resolved once the incident
                         closes (quiet past its period by the run's latest eventTime; with
                         --state, each once) (AWS_REGION's hub; the account is
                         ALERT_SECURITY_HUB_ACCOUNT, else each alert's)
                         (all honour AWS_ENDPOINT_URL_SNS / _EVENTBRIDGE / _SECURITYHUB and the
                         SDK's credential chain; ALERT_* settings of docs/alerts.md apply)
  --lookup-events        read management events from Event history (LookupEvents, last 90 days,
                         no trail needed) instead of files; 2 requests/s per region, progress on
                         stderr, resumable: a checkpoint per region is kept in --checkpoint-dir
  --start-time T         Event history window start (ISO 8601; default: 90 days ago)
  --end-time T           Event history window end (ISO 8601; default: now)
  --region R             Event history region (repeatable or comma-separated; default AWS_REGION)
  --checkpoint-dir DIR   where Event history checkpoints go (default: .)
  --verbose              log each file to stderr
${WORKERS_HELP}
Records that cannot be read are skipped and named on stderr (file, record index, reason); a
folder without log files is named in a warning on stderr.
Exit status: 0 when the input was read, with or without alerts; 1 when a rule file is invalid
or an alert could not be delivered to SNS/EventBridge/Security Hub; 2 on usage errors and paths that do not
exist.
`;

/** `trailwatch detect`: the rule engine over local files. */
export const run = async (args: string[], io: CliIo): Promise<number> => {
  const parsed = parseCommand(() => parse(args), 'detect', HELP, io);
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const format = values.format ?? (io.isTty ? 'table' : 'jsonl');
  const lookup = values['lookup-events'] ?? false;
  const snsTopicArn = values['sns-topic-arn'];
  const start = time(values['start-time'], '--start-time');
  const end = time(values['end-time'], '--end-time');
  const problem =
    checkChoice('--format', format, ['jsonl', 'table']) ??
    (lookup && positionals.length > 0
      ? `--lookup-events reads Event history, not files: unexpected '${positionals[0]}'`
      : undefined) ??
    start.problem ??
    end.problem ??
    windowProblem(start.date, end.date) ??
    parseWorkers(values.workers).problem ??
    (values['learning-days'] !== undefined && parseLearningDays(values['learning-days']) === undefined
      ? `--learning-days must be a number of days from 0 to 3650, got '${values['learning-days']}'`
      : undefined) ??
    (values['event-bus'] !== undefined && values['event-bus'].trim() === ''
      ? "--event-bus must name a bus ('default', a name or an ARN), got ''"
      : undefined) ??
    (snsTopicArn !== undefined && parseArn(snsTopicArn)?.service !== 'sns'
      ? `--sns-topic-arn must be an SNS topic ARN (arn:aws:sns:<region>:<account>:<topic>), got '${snsTopicArn}'`
      : undefined);
  if (problem !== undefined) return usageError(io, 'detect', problem);
  if (!lookup && positionals.length === 0)
    return usageError(io, 'detect', 'missing <dir|file…> or --lookup-events', true);
  const window = { startTime: start.date, endTime: end.date };
  // A --rules path that is not there is a usage error naming it (exit 2), not an invalid rule file.
  for (const path of values.rules ?? []) await stat(path);
  const disabled = (values.disable ?? [])
    .flatMap((d) => d.split(','))
    .map((d) => d.trim())
    .filter((d) => d !== '');
  let ruleSet: ReturnType<typeof loadRuleSet>;
  try {
    ruleSet = loadRuleSet({ dirs: values.rules ?? [], disabled });
  } catch (error) {
    if (error instanceof RuleSetLoadError || error instanceof RuleLoadError) {
      io.stderr(`trailwatch detect: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
  if (ruleSet.unknownDisabled.length > 0)
    return usageError(io, 'detect', `--disable names no rule: ${ruleSet.unknownDisabled.join(', ')}`);
  for (const refusal of ruleSet.refused)
    io.stderr(
      `trailwatch detect: refused ${refusal.file}${refusal.line ? `:${refusal.line}` : ''}: ${refusal.reason}\n`
    );
  for (const line of ruleWarningLines(ruleSet.rules)) io.stderr(`trailwatch detect: ${line}\n`);
  const log = cliLog(io, values.verbose);
  // A missing or corrupt IP database ends the run here, naming the file (exit 2).
  const ip = cliIpEnricher(process.env);
  const engine = new RuleEngine(ruleSet.rules, {
    suppressions: ruleSet.suppressions,
    correlations: ruleSet.correlations,
    log,
    enricher: ip.enricher,
  });
  const statePath = values.state;
  if (statePath !== undefined) checkStateWritable(statePath);
  // Without --state every file is read once: the stores need remember only each key's latest source.
  const remember = statePath === undefined ? 'latest' : 'all';
  const store = values['per-file']
    ? undefined
    : memoryIncidentStore(statePath ? readIncidentState(statePath) : undefined, undefined, remember);
  // Correlations and thresholds hold across files (and runs, with --state); --per-file judges them per file.
  const correlation =
    store === undefined
      ? undefined
      : {
          correlations: engine.correlations,
          enricher: ip.enricher,
          store: memoryCorrelationStore(statePath ? readCorrelationState(statePath) : undefined, undefined, remember),
        };
  // First-seen rules judge each file's keys against the baselines (kept in --state beside the incidents).
  const baselines =
    store === undefined ? undefined : memoryBaselineStore(statePath ? readBaselineState(statePath) : undefined);
  const learningDays =
    values['learning-days'] === undefined
      ? loadIncidentSettings(process.env).learningDays
      : (parseLearningDays(values['learning-days']) ?? DEFAULT_LEARNING_DAYS);
  const judgeFirstSeen =
    baselines === undefined ? undefined : firstSeenJudge({ store: baselines, learningMs: learningMsOf(learningDays) });
  let newest = Number.NEGATIVE_INFINITY;
  /** The latest eventTime the run saw: the watermark that closes quiet incidents at its end. */
  let latestEventTime = Number.NEGATIVE_INFINITY;
  const saw = (eventTime: string | undefined): void => {
    const t = eventTime === undefined ? Number.NaN : Date.parse(eventTime);
    if (t > latestEventTime) latestEventTime = t;
  };
  /** The file's alerts with what its correlation matches fired and its new first-seen keys, folded here. */
  const correlated = async (
    alerts: readonly (Alert | AlertDraft)[],
    ref: ObjectRef,
    source: string,
    matches: readonly MatchGroup[] | undefined,
    candidates?: readonly FirstSeenCandidate[],
    firstEventTime?: string
  ): Promise<readonly (Alert | AlertDraft)[]> => {
    if (correlation === undefined || matches === undefined) return alerts;
    for (let g = 0; g < matches.length; g++) {
      const { times, count } = matches[g] as MatchGroup;
      for (let i = 0; i < count; i++) if ((times[i] as number) > newest) newest = times[i] as number;
    }
    const byGroups = matches.length === 0 ? NOTHING : correlateGroupsNow(matches, source, correlation);
    const byFirstSeen =
      judgeFirstSeen === undefined ? NOTHING : await judgeFirstSeen(candidates ?? NOTHING, source, firstEventTime);
    // Most files fire nothing here: their own alerts go on as they are.
    if (byGroups.length === 0 && byFirstSeen.length === 0) return alerts;
    return [
      ...alerts,
      ...[...byGroups, ...byFirstSeen].map((a) =>
        ref.bucket === 'event-history' ? a : { ...a, s3Key: ref.key, bucket: ref.bucket }
      ),
    ];
  };
  const touched = new Map<string, StoredIncident>();
  const securityHub = values['security-hub'] ?? false;
  const replay =
    snsTopicArn !== undefined || values['event-bus'] !== undefined || securityHub
      ? await replaySink(snsTopicArn, values['event-bus'], securityHub, log)
      : undefined;
  /** The ids this run could not deliver to a destination. */
  const undelivered = new Set<string>();
  /** Alerts not sent to a destination given up on after a send failed with it down, by destination. */
  const notTried = new Map<string, { alerts: number; errorCode: string }>();
  const totals = { files: 0, records: 0, alerts: 0, suppressed: 0, damaged: 0, matches: 0, invalidIps: 0 };
  const table: Alert[] = [];
  const emit = async (alerts: readonly (Alert | AlertDraft)[], source: string): Promise<void> => {
    if (store === undefined) return send(alerts.map(builtAlert));
    // A file without alerts touches no incident.
    if (alerts.length === 0) return;
    const fold = foldIntoIncidentsNow(alerts, source, { store, quietMs: engine.quietMs });
    for (const incident of fold.incidents) touched.set(incident.key, incident);
    totals.matches += fold.counted;
    // A notification this run could not deliver stays unsent in the store, so every later file of
    // its incident decides it again: it waits for the next run (printed once, counted once) instead
    // of paying the sink's retries again per file against an endpoint that is down.
    const notifications =
      undelivered.size === 0 ? fold.notifications : fold.notifications.filter((n) => !undelivered.has(n.alert.id));
    // Most files only add to incidents: nothing to send.
    if (fold.oneOff.length === 0 && notifications.length === 0) return;
    const failedBefore = undelivered.size;
    await send([...fold.oneOff, ...notifications.map((n) => n.alert)]);
    // Notifications a replay could not deliver stay unsent in the state, and go again next run.
    if (undelivered.size === failedBefore)
      for (const n of notifications) await store.markSent(n.key, n.incidentId, [n.alert.id]);
  };
  const send = async (alerts: readonly Alert[]): Promise<void> => {
    totals.alerts += alerts.length;
    if (format === 'jsonl') for (const alert of alerts) io.stdout(`${JSON.stringify(alert)}\n`);
    else table.push(...alerts);
    if (replay === undefined || alerts.length === 0) return;
    try {
      await replay.send(alerts);
    } catch (error) {
      if (!(error instanceof AlertDeliveryError)) throw error;
      for (const id of error.undeliveredIds) undelivered.add(id);
      // Alerts for a destination given up on earlier are counted once, at the end.
      for (const u of error.undelivered)
        if (u.notTried)
          notTried.set(u.sink, { alerts: (notTried.get(u.sink)?.alerts ?? 0) + 1, errorCode: u.errorCode });
      if (!error.undelivered.every((u) => u.notTried)) io.stderr(`trailwatch detect: ${error.message}\n`);
    }
  };

  if (lookup) {
    const regions = (values.region ?? [process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION || 'us-east-1'])
      .flatMap((r) => r.split(','))
      .filter(Boolean);
    // The AWS SDK is loaded only by the runs that call AWS: it costs a local run its start-up time.
    const [{ lookupEventsPage }, { lookupEventsClient }] = await Promise.all([
      import('../aws/lookup-events.js'),
      import('../aws/cloudtrail-clients.js'),
    ]);
    for (const region of regions) {
      const ref = { bucket: 'event-history', key: region };
      const regionDetector = engine.detector(ref);
      const take = correlation === undefined ? undefined : regionDetector.deferMatchGroups?.();
      const candidates = correlation === undefined ? undefined : regionDetector.deferFirstSeen?.();
      let index = 0;
      const records = readLookupEvents({
        fetchPage: lookupEventsPage(lookupEventsClient(region)),
        region,
        ...window,
        checkpoint: fileCheckpointStore(join(values['checkpoint-dir'] ?? '.', `.trailwatch-lookup-${region}.json`)),
        log,
        onProgress: (p) =>
          io.stderr(
            `trailwatch detect: ${region}: ${p.pages} pages, ${p.events} events${p.oldestEventTime ? ` back to ${p.oldestEventTime}` : ''}${p.resumed ? ' (resumed)' : ''}${p.throttled ? `, throttled ${p.throttled}×` : ''}\n`
          ),
      });
      for await (const record of records) {
        saw(record.eventTime);
        regionDetector.onRecord(viewOf(record, index++));
      }
      totals.records += index;
      totals.suppressed += regionDetector.stats().suppressed ?? 0;
      totals.invalidIps += regionDetector.stats().invalidSourceIPAddress ?? 0;
      const source = `event-history/${region}/${window.startTime?.toISOString() ?? ''}/${window.endTime?.toISOString() ?? ''}`;
      await emit(await correlated(regionDetector.finish(), ref, source, take?.(), candidates?.()), source);
    }
  } else {
    const files = await findInputFiles(positionals, 'detect', io);
    const scanned = scanInWorkers(files, {
      workers: workerCount(parseWorkers(values.workers).workers, files),
      rules: { dirs: values.rules ?? [], disabled },
      ipData: () => ({ dir: ip.dir, bytes: ip.enricher.bytes() }),
      detector: engine.detector,
      // Each thread hands back a file's correlation matches with its summary; they fold here.
      correlate: correlation !== undefined,
      // With incidents, the rule alerts of a file read on this thread reach the fold as drafts,
      // and only those that open an incident are built (a worker's come built, in its summary).
      drafts: store !== undefined,
      // Folding into incidents keeps this thread busy: with workers, they read every file.
      readHere: store === undefined,
      // Only records, eventTimes, record errors and alerts are read of a summary here.
      counts: false,
      log,
      logLevel: cliLogLevel(values.verbose),
    });
    // All folding (incidents and correlations) happens here, on the main thread, in file order:
    // the threads only read files.
    for await (const { summary, matches, candidates, drafts } of scanned) {
      if (summary.recordErrors.length > 0)
        for (const skipped of skippedRecords(files[totals.files] as (typeof files)[number], summary))
          io.stderr(
            `trailwatch detect: ${skipped.path}: skipped record ${skipped.index} (${skipped.reason}): ${skipped.message}\n`
          );
      totals.files++;
      totals.records += summary.records;
      saw(summary.lastEventTime);
      totals.suppressed += summary.detection.suppressed ?? 0;
      totals.invalidIps += summary.detection.invalidSourceIPAddress ?? 0;
      if (summary.status === 'damaged') totals.damaged++;
      // A file's drafts go before the alerts of its summary (a damaged file's finding), as its
      // built alerts would.
      const own =
        drafts === undefined || drafts.length === 0
          ? summary.alerts
          : summary.alerts.length === 0
            ? drafts
            : [...drafts, ...summary.alerts];
      await emit(await correlated(own, summary, summary.key, matches, candidates, summary.firstEventTime), summary.key);
    }
  }
  if (correlation !== undefined) {
    // lt/lte/eq windows are judged once closed: with --state, by the newest eventTime of the run
    // (later windows wait for the next run); without, all of them.
    const watermark = statePath === undefined ? Number.POSITIVE_INFINITY : newest;
    const judged = await judgeClosedWindows(correlation, watermark);
    if (judged.length > 0) await emit(judged, `end-of-run/${judged.map((a) => a.id).join(',')}`);
  }
  let resolved = 0;
  if (store !== undefined && Number.isFinite(latestEventTime)) {
    // Incidents quiet past their period by the run's latest eventTime close; their Security Hub
    // findings are resolved with --security-hub (closings go nowhere else), else kept unsent in
    // the state for a later run that has it.
    try {
      resolved = (await closeQuietIncidents({ store, sink: replay ?? {}, log }, latestEventTime)).sent;
    } catch (error) {
      if (!(error instanceof AlertDeliveryError)) throw error;
      for (const id of error.undeliveredIds) undelivered.add(id);
      io.stderr(`trailwatch detect: closing incidents: ${error.message}\n`);
    }
  }
  if (statePath !== undefined && store !== undefined)
    writeIncidentState(statePath, store.state(), correlation?.store.state(), baselines?.state());
  const incidents = [...touched.values()];
  if (format === 'table') io.stdout(renderAlerts(store === undefined ? table : incidents.map(incidentRow)));
  const delivery = replay
    ? `, sent to ${replay.destinations.join(' and ')}${undelivered.size ? ` except ${undelivered.size} undelivered` : ''}${replay.close && store ? `, ${resolved} findings of closed incidents resolved` : ''}`
    : '';
  for (const [sink, { alerts, errorCode }] of notTried)
    io.stderr(
      `trailwatch detect: ${sink} given up on after a send failed with it down (${errorCode}): ${plural(alerts, 'more alert was', 'more alerts were')} not sent${statePath === undefined ? '' : ', and go again on the next run with this --state'}\n`
    );
  const where = lookup ? 'Event history' : plural(totals.files, 'file');
  if (totals.invalidIps > 0)
    io.stderr(
      `trailwatch detect: ${plural(totals.invalidIps, 'record')} read by rules had a sourceIPAddress that is no address (context kind invalid)\n`
    );
  io.stderr(
    store === undefined
      ? `trailwatch detect: ${where}, ${plural(totals.records, 'record')}, ${plural(ruleSet.rules.length, 'rule')}, ${plural(totals.alerts, 'alert')}, ${plural(totals.suppressed, 'suppressed match', 'suppressed matches')}${totals.damaged ? `, ${plural(totals.damaged, 'damaged file')}` : ''}${delivery}\n`
      : `trailwatch detect: ${where}, ${plural(totals.records, 'record')}, ${plural(ruleSet.rules.length, 'rule')}, ${plural(totals.alerts, 'notification')}${totals.damaged ? `, ${plural(totals.damaged, 'damaged file')}` : ''}${delivery}, ${plural(totals.matches, 'match', 'matches')} in ${bySeverity(incidents)}, ${plural(totals.suppressed, 'suppressed match', 'suppressed matches')}\n`
  );
  return undelivered.size > 0 ? 1 : 0;
};

/**
 * The SNS/EventBridge/Security Hub sink a replay sends through (ALERT_* settings apply; no console
 * fallback), logging to the CLI's stderr like everything else in the run. No metrics: the CLI
 * reports delivery on stderr and in its exit code.
 */
const replaySink = async (
  snsTopicArn: string | undefined,
  eventBus: string | undefined,
  securityHub: boolean,
  log: Log
) => {
  const [{ createAlertSink }, { loadAlertSinkConfig }] = await Promise.all([
    import('../alerts/create-alert-sink.js'),
    import('../config/alerts.js'),
  ]);
  return createAlertSink(
    {
      ...loadAlertSinkConfig(process.env),
      ...(snsTopicArn !== undefined && { snsTopicArn }),
      ...(eventBus !== undefined && { eventBus }),
      ...(securityHub && { securityHub }),
      fallback: 'none',
    },
    // A destination that is down (unreachable, missing, refusing the credentials) is given up on
    // for the run after its first failed send, not retried once per notification.
    { log, metrics: noMetrics, fanOut: { stopAtDownDestination: true } }
  );
};

/** No alerts (shared, never changed). */
const NOTHING: readonly never[] = Object.freeze([]);

/** An Event history window whose start is not before its end (the default end is now). */
const windowProblem = (start: Date | undefined, end: Date | undefined): string | undefined => {
  const last = end ?? new Date();
  return start !== undefined && start.getTime() >= last.getTime()
    ? `--start-time must be before --end-time${end === undefined ? ' (now)' : ''}, got ${start.toISOString()} and ${last.toISOString()}`
    : undefined;
};

const time = (value: string | undefined, flag: string): { date?: Date; problem?: string } => {
  if (value === undefined) return {};
  const date = new Date(value);
  return Number.isNaN(date.getTime())
    ? { problem: `${flag} must be an ISO 8601 time (2026-01-02T03:04:05Z), got '${value}'` }
    : { date };
};

const parse = (args: string[]) =>
  parseArgs({
    args,
    allowPositionals: true,
    options: {
      rules: { type: 'string', multiple: true },
      disable: { type: 'string', multiple: true },
      format: { type: 'string' },
      'sns-topic-arn': { type: 'string' },
      'event-bus': { type: 'string' },
      'security-hub': { type: 'boolean' },
      'lookup-events': { type: 'boolean' },
      'start-time': { type: 'string' },
      'end-time': { type: 'string' },
      region: { type: 'string', multiple: true },
      'checkpoint-dir': { type: 'string' },
      workers: { type: 'string' },
      state: { type: 'string' },
      'learning-days': { type: 'string' },
      'per-file': { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });

/** One incident as a table row: its alert with the incident's count, times and severity. */
const incidentRow = (incident: StoredIncident): Alert => ({
  ...incident.alert,
  severity: incident.severity,
  count: incident.count,
  firstSeen: incident.firstSeen,
  lastSeen: incident.lastSeen,
  incidentId: incident.incidentId,
});

/** `3 incidents (1 high, 2 medium)`. */
const bySeverity = (incidents: readonly StoredIncident[]): string => {
  const counts = SEVERITIES.toReversed()
    .map((severity) => [severity, incidents.filter((i) => i.severity === severity).length] as const)
    .filter(([, n]) => n > 0)
    .map(([severity, n]) => `${n} ${severity}`);
  return `${plural(incidents.length, 'incident')}${counts.length ? ` (${counts.join(', ')})` : ''}`;
};

/** A terminal rendering of alerts: one line each, most severe first. */
export const renderAlerts = (alerts: readonly Alert[]): string => {
  if (alerts.length === 0) return 'no alerts\n';
  const order = ['critical', 'high', 'medium', 'low', 'info'];
  const sorted = [...alerts].sort(
    (a, b) => order.indexOf(a.severity) - order.indexOf(b.severity) || a.firstSeen.localeCompare(b.firstSeen)
  );
  const idWidth = Math.max(...sorted.map((a) => a.ruleId.length));
  const lines = sorted.map(
    (a) =>
      `${a.severity.padEnd(8)}  ${a.ruleId.padEnd(idWidth)}  ${String(a.count).padStart(5)}  ${a.firstSeen}  ${a.account ?? '-'} ${a.region ?? '-'}  ${a.principal ?? '-'}  ${sourceOf(a)}`
  );
  return `${'severity'.padEnd(8)}  ${'rule'.padEnd(idWidth)}  ${'count'.padStart(5)}  ${'first seen'.padEnd(20)}  where / who / from\n${lines.join('\n')}\n`;
};

/**
 * Where an alert's call came from: `52.94.76.1 AS16509 US aws`, `10.0.1.5 private`,
 * `ec2.amazonaws.com aws-service`, or `-` without an address.
 */
const sourceOf = (alert: Alert): string => {
  const ip = alert.sourceIPAddress;
  if (ip === undefined) return '-';
  const context = alert.context?.sourceIPAddress;
  if (context === undefined) return ip;
  if (context.kind !== 'public') return `${ip} ${context.kind}`;
  return `${ip} AS${context.asn ?? '?'} ${context.country ?? '??'}${context.aws ? ' aws' : ''}`;
};
