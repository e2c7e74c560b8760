import { parseArgs } from 'node:util';
import type { Severity } from '../model/alert.js';
import { fetchTrailSnapshot } from '../aws/trail-snapshot.js';
import { createTrailSnapshotClients } from '../aws/cloudtrail-clients.js';
import { TrailwatchError } from '../model/errors.js';
import { auditTrails, findingsAtOrAbove } from '../trails/audit-trails.js';
import { DEFAULT_REGIONS } from '../trails/constants.js';
import { formatReport, REPORT_FORMATS, type ReportFormat } from '../trails/format-report.js';
import { readSnapshotDir } from '../local/read-snapshot-dir.js';
import { readSummariesDir } from '../local/read-summaries-dir.js';
import { SUMMARY_SCHEMA_VERSION } from '../model/summary.js';
import type { TrailSnapshot } from '../model/trails.js';
import { cliLog } from './cli-log.js';
import { type CliIo, parseCommand, USAGE_EXIT, usageError } from './parse-command.js';

const FAIL_ON = ['low', 'medium', 'high', 'critical'] as const satisfies readonly Severity[];

const USAGE = `usage: trailwatch trails audit [options]

Audits the CloudTrail set-up of one account: trails, their buckets, the organization.

options:
  --region R           a region to audit (repeat, or comma-separate); default: the 17 default regions
  --from-dir DIR       read AWS CLI outputs from DIR instead of calling AWS (scripts/trails-evidence.sh)
  --fail-on SEVERITY   low | medium | high | critical (default high): exit 1 when a finding reaches it
  --format FORMAT      table | json | md (default: table on a terminal, json otherwise)
  --summaries DIR      per-file summaries (JSON, any depth) to price the cost findings
  --watched-bucket B   a bucket trailwatch reads; reported when no trail writes to it (repeatable)
  --account-id ID      the audited account, when it owns no trail of its own
  -h, --help           this help

Live mode uses the SDK's default credentials and honours AWS_ENDPOINT_URL and
AWS_ENDPOINT_URL_<SERVICE>. Exit: 0 no finding reaches --fail-on, 1 one does, 2 usage error or
nothing to audit (unreadable folder, no credentials).
`;

const listOf = (values: string[] | undefined): string[] =>
  (values ?? [])
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);

/**
 * `trailwatch trails audit`: audits live (SDK) or offline (`--from-dir`), prints the report and
 * exits 1 when a finding reaches `--fail-on`.
 * @param args - the arguments after `trails`
 * @param io - output streams
 * @returns the exit code: 0, 1, or 2 on usage errors
 * @example
 * await run(['audit', '--from-dir', 'evidence/', '--format', 'json', '--fail-on', 'medium'], processIo());
 */
export const run = async (args: string[], io: CliIo): Promise<number> => {
  const [command, ...rest] = args;
  if (command === '--help' || command === '-h' || command === 'help') {
    io.stdout(USAGE);
    return 0;
  }
  if (command === undefined) return usageError(io, 'trails', 'missing audit', true);
  if (command !== 'audit') {
    io.stderr(`trailwatch trails: unknown command '${command}'\n${USAGE}`);
    return USAGE_EXIT;
  }
  const parsed = parseCommand(() => parse(rest), 'trails audit', USAGE, io);
  if (typeof parsed === 'number') return parsed;
  const { values } = parsed;
  const failOn = (values['fail-on'] ?? 'high') as Severity;
  if (!(FAIL_ON as readonly string[]).includes(failOn)) {
    io.stderr(`trailwatch trails audit: --fail-on must be one of ${FAIL_ON.join(', ')}, got '${failOn}'\n`);
    return USAGE_EXIT;
  }
  const format = (values.format ?? (io.isTty ? 'table' : 'json')) as ReportFormat;
  if (!(REPORT_FORMATS as readonly string[]).includes(format)) {
    io.stderr(`trailwatch trails audit: --format must be one of ${REPORT_FORMATS.join(', ')}, got '${format}'\n`);
    return USAGE_EXIT;
  }
  const accountId = values['account-id'];
  if (accountId !== undefined && !/^\d{12}$/.test(accountId)) {
    io.stderr(`trailwatch trails audit: --account-id must be 12 digits, got '${accountId}'\n`);
    return USAGE_EXIT;
  }
  const regions = listOf(values.region);
  const badRegion = regions.find((r) => !/^[a-z]{2}(-[a-z]+)+-\d$/.test(r));
  if (badRegion) {
    io.stderr(`trailwatch trails audit: '${badRegion}' is not a region name\n`);
    return USAGE_EXIT;
  }

  try {
    const fromDir = values['from-dir'];
    let snapshot: TrailSnapshot;
    if (fromDir !== undefined) {
      snapshot = await readSnapshotDir(fromDir, regions);
    } else {
      const clients = createTrailSnapshotClients(process.env);
      try {
        snapshot = await fetchTrailSnapshot({
          regions: regions.length > 0 ? regions : [...DEFAULT_REGIONS],
          clients,
          log: cliLog(io),
        });
      } finally {
        clients.destroy();
      }
    }
    if (accountId !== undefined) snapshot.accountId = accountId;
    const summaries = values.summaries !== undefined ? await readSummariesDir(values.summaries) : undefined;
    // Pointed at the trail's log files or the results bucket's root, the folder holds no summary
    // and the cost findings would go out unpriced as if none had been asked for.
    if (summaries?.length === 0)
      io.stderr(
        `trailwatch trails audit: warning: no per-file summaries (schema ${SUMMARY_SCHEMA_VERSION}) under ${values.summaries}: the cost findings are not priced; give the summaries/ folder of the results bucket\n`
      );
    const report = auditTrails(snapshot, { summaries, watchedBuckets: listOf(values['watched-bucket']) });
    io.stdout(formatReport(report, format));
    return findingsAtOrAbove(report.findings, failOn).length > 0 ? 1 : 0;
  } catch (error) {
    if (error instanceof TrailwatchError) {
      io.stderr(`trailwatch trails audit: ${error.message}\n`);
      return USAGE_EXIT;
    }
    throw error;
  }
};

const parse = (args: string[]) =>
  parseArgs({
    args,
    strict: true,
    allowPositionals: false,
    options: {
      region: { type: 'string', multiple: true },
      'from-dir': { type: 'string' },
      'fail-on': { type: 'string' },
      format: { type: 'string' },
      summaries: { type: 'string' },
      'watched-bucket': { type: 'string', multiple: true },
      'account-id': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
