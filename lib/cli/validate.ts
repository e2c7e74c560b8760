import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  InputFileError,
  JsonReport,
  type JsonTrailReport,
  type MetadataMap,
  parseCliDate,
  parseListPublicKeysOutput,
  parseMetadataFile,
  type PublicKeySource,
  StoreReadError,
  staticKeySource,
  TextReport,
  ValidationAbortedError,
  validateTrail,
} from '../digest/index.js';
import { localStore } from '../local/digest-store.js';
import { createClients } from '../aws/clients.js';
import { s3DigestStore } from '../aws/digest-store.js';
import { cloudTrailKeySource } from '../aws/public-keys.js';
import { cloudTrailClientFor } from '../aws/cloudtrail-clients.js';
import { loadConfig } from '../config/core.js';
import { checkChoice } from './check-choice.js';
import { type CliIo, parseCommand, usageError } from './parse-command.js';
import { resolveTargets, s3BucketOf } from './validate-targets.js';

/**
 * What to say when a local root holds `AWSLogs/` itself: the user gave the bucket's folder (as
 * `aws s3 sync s3://b ./trail` writes it), where validate wants the folder above it, so that each
 * digest's bucket is the name of the folder that holds it.
 */
const bucketFolderHint = (root: string, onS3: boolean): string =>
  !onS3 && existsSync(join(root, 'AWSLogs'))
    ? ` (${root} holds AWSLogs/ itself: give the folder above it, laid out as <root>/<bucket>/AWSLogs/…, and name that folder after the bucket)`
    : '';

const USAGE = `usage: trailwatch validate <root> --public-keys <file>... [options]
       trailwatch validate s3://<bucket> [options]

Validates CloudTrail digest and log files the way 'aws cloudtrail validate-logs' does: in a local
copy of the trail bucket(s), laid out as 'aws s3 sync s3://<bucket> <root>/<bucket>' writes it, or
directly in S3 (credentials and AWS_ENDPOINT_URL_S3 as for the AWS CLI).

  --public-keys <file>...   'aws cloudtrail list-public-keys' output (repeatable; required for a local
                            root; for s3:// the keys come from ListPublicKeys in the source region)
  --metadata <file.json>    S3 metadata of the digests {"<bucket>/<key>": {"signature": ...}}, taken as the
                            bucket's: the text output and exit code are those of 'aws cloudtrail
                            validate-logs', and a digest without an entry is INVALID (signature verification
                            failed). Without it, each digest is verified with the next digest's
                            previousDigestSignature, or reported NOT VERIFIED.
  --trail-arn ARN           the trail (default: every trail found under <root>)
  --region R                source region to validate (default: the trail's home region; all without --trail-arn)
  --s3-bucket B             bucket folder to start from (default: the one holding the newest digest)
  --s3-prefix P             key prefix of the trail (default: found under <root>)
  --account-id ID           account to validate (required for organization trails)
  --start-time T            default: the oldest digest found
  --end-time T              default: now
  --verbose                 also print valid files
  --format text|json        default: text
  --findings                print the checks validate-logs skips after the summary (always in json)
  --strict                  exit 1 also on unverified digests and high/critical findings
  --allow-trailing-data     judge data after a log's gzip member valid, as aws-cli 1.45 and older do
  --pkcs1-only              reject SPKI public keys, as aws-cli does
  --concurrency N           log files hashed at once (default 16)

Exit codes: 0 all valid (or, as for 'aws cloudtrail validate-logs', no digest found), 1 something
INVALID (with --strict also: unverified, or no digest found), 2 usage error (a path that does not exist included),
255 validation could not run.
`;

const OPTIONS = {
  'public-keys': { type: 'string', multiple: true },
  metadata: { type: 'string' },
  'trail-arn': { type: 'string' },
  region: { type: 'string' },
  's3-bucket': { type: 'string' },
  's3-prefix': { type: 'string' },
  'account-id': { type: 'string' },
  'start-time': { type: 'string' },
  'end-time': { type: 'string' },
  verbose: { type: 'boolean' },
  format: { type: 'string' },
  findings: { type: 'boolean' },
  strict: { type: 'boolean' },
  'allow-trailing-data': { type: 'boolean' },
  'pkcs1-only': { type: 'boolean' },
  concurrency: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** `--public-keys a.json b.json` → `--public-keys a.json --public-keys b.json`. */
const spreadMultiple = (args: string[]): string[] => {
  const out: string[] = [];
  let inKeys = false;
  for (const arg of args) {
    if (arg.startsWith('-')) inKeys = arg === '--public-keys';
    else if (inKeys && out[out.length - 1] !== '--public-keys') out.push('--public-keys');
    out.push(arg);
  }
  return out;
};

const parse = (args: string[]) =>
  parseArgs({ args: spreadMultiple(args), options: OPTIONS, allowPositionals: true, strict: true });

const readKeys = async (files: readonly string[]): Promise<PublicKeySource> => {
  const keys = [];
  for (const file of files) {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      throw new InputFileError(file, (error as Error).message, { cause: error });
    }
    keys.push(...parseListPublicKeysOutput(text, file));
  }
  return staticKeySource(keys);
};

const readMetadata = async (file: string | undefined): Promise<MetadataMap | undefined> => {
  if (file === undefined) return undefined;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new InputFileError(file, (error as Error).message, { cause: error });
  }
  return parseMetadataFile(text, file);
};

/** Errors that end a validation with exit 255, as the CLI's: ours, and AWS service errors (access denied…). */
const isFatal = (error: unknown): error is Error =>
  error instanceof ValidationAbortedError ||
  error instanceof StoreReadError ||
  error instanceof InputFileError ||
  (error instanceof Error && (error as { $metadata?: unknown }).$metadata !== undefined);

/**
 * `trailwatch validate`: offline `aws cloudtrail validate-logs`.
 * @param args - arguments after `validate`
 * @param io - output streams
 * @returns 0 valid, 1 INVALID found, 2 usage error, 255 could not run
 */
export const run = async (args: string[], io: CliIo): Promise<number> => {
  const parsed = parseCommand(() => parse(args), 'validate', USAGE, io);
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const [root, ...extra] = positionals;
  const format = values.format ?? 'text';
  const concurrency = Number(values.concurrency ?? 16);
  const problem =
    root === undefined
      ? 'missing <root>'
      : extra.length > 0
        ? `unexpected argument '${extra[0]}'`
        : !values['public-keys']?.length && s3BucketOf(root) === undefined
          ? '--public-keys is required for a local root (save it with: aws cloudtrail list-public-keys --region <r> > keys.json)'
          : s3BucketOf(root) === ''
            ? 'no bucket in the s3:// root'
            : (checkChoice('--format', format, ['text', 'json']) ??
              (!Number.isInteger(concurrency) || concurrency < 1
                ? `--concurrency must be a positive integer, got '${values.concurrency}'`
                : undefined));
  if (problem !== undefined || root === undefined)
    return usageError(io, 'validate', problem ?? 'missing <root>', root === undefined);
  // Paths that are not there are usage errors naming them (exit 2), before any validation starts.
  for (const path of [
    ...(s3BucketOf(root) === undefined ? [root] : []),
    ...(values['public-keys'] ?? []),
    ...(values.metadata !== undefined ? [values.metadata] : []),
  ])
    await stat(path);

  const reports: JsonTrailReport[] = [];
  let exitCode = 0;
  try {
    const start = values['start-time'] === undefined ? undefined : parseCliDate(values['start-time']);
    const end =
      values['end-time'] === undefined
        ? new Date(Math.floor(Date.now() / 1000) * 1000)
        : parseCliDate(values['end-time']);
    if (start !== undefined && start.getTime() > end.getTime()) {
      throw new ValidationAbortedError('Invalid time range specified: start-time must occur before end-time');
    }
    const onS3 = s3BucketOf(root) !== undefined;
    const savedKeys = values['public-keys']?.length ? await readKeys(values['public-keys']) : undefined;
    const metadata = await readMetadata(values.metadata);
    const store = onS3 ? s3DigestStore(createClients(loadConfig(process.env)).s3) : localStore(root, metadata);
    const targets = await resolveTargets(store, root, values, start === undefined);
    if (targets.length === 0) {
      // 'aws cloudtrail validate-logs' exits 0 here, and so does a plain run; --strict asks that
      // everything was verified, and nothing was.
      io.stderr(`No digests found under ${root}${bucketFolderHint(root, onS3)}\n`);
      if (values.strict === true) exitCode = 1;
    }
    for (const [index, target] of targets.entries()) {
      const from = start ?? (target.oldest && target.oldest.getTime() < end.getTime() ? target.oldest : end);
      if (index > 0 && format === 'text') io.stdout('\n');
      // stderr only: stdout stays what 'aws cloudtrail validate-logs' prints.
      if (target.notFound !== undefined) io.stderr(`trailwatch validate: ${target.notFound}\n`);
      const text = new TextReport(format === 'text' ? io : { stdout: () => {}, stderr: () => {} }, {
        arn: target.trail.arn,
        start: from,
        end,
        verbose: values.verbose === true,
        showFindings: values.findings === true,
      });
      const json = new JsonReport();
      text.begin();
      let error: string | undefined;
      let code: number;
      try {
        for await (const event of validateTrail({
          store,
          keys: savedKeys ?? cloudTrailKeySource(cloudTrailClientFor(target.trail.sourceRegion)),
          trail: target.trail,
          start: from,
          end,
          signatureFallback: true,
          hashConcurrency: concurrency,
          compat: {
            trailingData: values['allow-trailing-data'] ? 'ignore' : 'invalid',
            keyEncoding: values['pkcs1-only'] ? 'pkcs1-only' : 'pkcs1-or-spki',
          },
        })) {
          text.add(event);
          json.add(event);
        }
        text.finish();
        code = text.exitCode(values.strict === true);
      } catch (failure) {
        if (!isFatal(failure)) throw failure;
        error = failure.message;
        if (format === 'text') io.stderr(`\n${failure.message}\n`);
        code = 255;
      }
      exitCode = Math.max(exitCode, code);
      reports.push(json.build(target.trail, from, end, text, code, error));
    }
  } catch (failure) {
    if (
      !isFatal(failure) &&
      !(failure instanceof Error && /^(Unable to parse date value|Parser must be)/.test(failure.message))
    ) {
      throw failure;
    }
    const message = (failure as Error).message;
    if (format === 'text') io.stderr(`\n${message}\n`);
    else io.stdout(`${JSON.stringify({ version: 1, error: message, results: reports }, null, 2)}\n`);
    return 255;
  }
  if (format === 'json') io.stdout(`${JSON.stringify({ version: 1, results: reports }, null, 2)}\n`);
  return exitCode;
};
