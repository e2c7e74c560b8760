import { join } from 'node:path';

/*
 * The golden cases: each runs `node bin/trailwatch.mjs <args>` in `cwd` and its stdout, stderr and
 * exit code are committed under test/golden/outputs/. scripts/update-golden.ts writes them,
 * golden.test.ts compares. Paths in the arguments are relative to the repository root (every case
 * runs there), so no output holds a path of this machine.
 */

/** The checkout, the folder every `cwd` is relative to. */
export const REPO_ROOT = join(import.meta.dirname, '..', '..');

/** Where the committed outputs live, relative to the repository root. */
export const OUTPUTS_DIR = 'test/golden/outputs';

/** The golden inputs that scripts/generate-golden-inputs.ts writes, relative to the repository root. */
export const INPUTS_DIR = 'test/golden/inputs';

/** The bundled sample trail (scripts/generate-fixtures.ts), read in place. */
export const SAMPLE_TRAIL = 'events/objects/example-trail-bucket';

/** The `validate` root: one folder per bucket, as `aws s3 sync s3://<bucket> <root>/<bucket>` lays it out. */
export const DIGEST_ROOT = `${INPUTS_DIR}/digest-bucket-copy`;

/** The trail bucket inside DIGEST_ROOT. */
export const DIGEST_BUCKET = 'golden-trail-bucket';

/** The digest signer's public key, as `aws cloudtrail list-public-keys` prints it. */
export const DIGEST_KEYS_FILE = `${INPUTS_DIR}/digest-public-keys.json`;

/** The digests' S3 metadata (their signatures), which `aws s3 sync` does not copy. */
export const DIGEST_METADATA_FILE = `${INPUTS_DIR}/digest-metadata.json`;

/** The trail the digest set belongs to. */
export const DIGEST_TRAIL_ARN = 'arn:aws:cloudtrail:us-east-1:111122223333:trail/golden';

/** The `trails audit --from-dir` evidence folder (with taken-at.txt and account-id.txt). */
export const EVIDENCE_DIR = `${INPUTS_DIR}/trails-evidence`;

/** One run of the launcher. */
export type GoldenCase = {
  /** Kebab-case; names the output files `<name>.stdout`, `<name>.stderr` and `<name>.exit-code`. */
  name: string;
  /** The arguments after `trailwatch`. */
  args: readonly string[];
  /** The working directory, relative to the repository root. */
  cwd: string;
};

// validate defaults --end-time to now: every validate case pins both ends of its range.
const DIGEST_RANGE = ['--start-time', '2026-01-05T00:00:00Z', '--end-time', '2026-01-05T06:00:00Z'] as const;

/** Every golden case, in the order the outputs are listed. */
export const GOLDEN_CASES: readonly GoldenCase[] = [
  { name: 'help', args: ['--help'], cwd: '.' },
  { name: 'rules-list-table', args: ['rules', 'list', '--format', 'table'], cwd: '.' },
  { name: 'scan-json', args: ['scan', SAMPLE_TRAIL, '--format', 'json'], cwd: '.' },
  { name: 'scan-table', args: ['scan', SAMPLE_TRAIL, '--format', 'table'], cwd: '.' },
  { name: 'detect-jsonl', args: ['detect', SAMPLE_TRAIL, '--format', 'jsonl'], cwd: '.' },
  { name: 'detect-table', args: ['detect', SAMPLE_TRAIL, '--format', 'table'], cwd: '.' },
  { name: 'detect-per-file', args: ['detect', SAMPLE_TRAIL, '--format', 'jsonl', '--per-file'], cwd: '.' },
  { name: 'cost-json', args: ['cost', SAMPLE_TRAIL, '--format', 'json'], cwd: '.' },
  { name: 'cost-md', args: ['cost', SAMPLE_TRAIL, '--format', 'md'], cwd: '.' },
  { name: 'cost-csv', args: ['cost', SAMPLE_TRAIL, '--format', 'csv'], cwd: '.' },
  {
    name: 'validate-text-verbose',
    args: ['validate', DIGEST_ROOT, '--public-keys', DIGEST_KEYS_FILE, '--trail-arn', DIGEST_TRAIL_ARN, ...DIGEST_RANGE, '--verbose'],
    cwd: '.',
  },
  {
    name: 'validate-json',
    args: ['validate', DIGEST_ROOT, '--public-keys', DIGEST_KEYS_FILE, ...DIGEST_RANGE, '--format', 'json'],
    cwd: '.',
  },
  {
    name: 'validate-metadata-findings',
    args: [
      'validate',
      DIGEST_ROOT,
      '--public-keys',
      DIGEST_KEYS_FILE,
      '--metadata',
      DIGEST_METADATA_FILE,
      '--trail-arn',
      DIGEST_TRAIL_ARN,
      ...DIGEST_RANGE,
      '--findings',
    ],
    cwd: '.',
  },
  { name: 'trails-audit-json', args: ['trails', 'audit', '--from-dir', EVIDENCE_DIR, '--format', 'json'], cwd: '.' },
  { name: 'trails-audit-md', args: ['trails', 'audit', '--from-dir', EVIDENCE_DIR, '--format', 'md'], cwd: '.' },
  { name: 'trails-audit-table', args: ['trails', 'audit', '--from-dir', EVIDENCE_DIR, '--format', 'table'], cwd: '.' },
];
