import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cachedCloudTrailKeys } from '../../lib/aws/public-keys.js';
import { loadDigestConfig } from '../../lib/config/digest.js';
import { EVENTS } from '../helpers/events.js';

const KEYS_FILE = join(EVENTS, 'digest-public-keys.json');
const DIGEST = join(
  EVENTS,
  'objects/example-trail-bucket/AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2026/01/02/111122223333_CloudTrail-Digest_us-east-1_main_us-east-1_20260102T040404Z.json.gz'
);

describe('loadDigestConfig with DIGEST_PUBLIC_KEYS_FILE', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'trailwatch-keys-'));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('reads the saved keys, and the key cache answers with them instead of ListPublicKeys', async () => {
    // Prepare: the fingerprint the bundled digest names
    const digest = JSON.parse(gunzipSync(await readFile(DIGEST)).toString()) as { digestPublicKeyFingerprint: string };
    // Act
    const config = loadDigestConfig({ DIGEST_PUBLIC_KEYS_FILE: KEYS_FILE });
    const key = await cachedCloudTrailKeys(config.publicKeys).find(
      'us-east-1',
      digest.digestPublicKeyFingerprint,
      new Date('2026-01-02T03:04:04Z'),
      new Date('2026-01-02T06:04:04Z')
    );
    // Assess
    expect(config.publicKeys).toHaveLength(1);
    expect(key?.fingerprint).toBe(digest.digestPublicKeyFingerprint);
  });

  it('leaves the keys to ListPublicKeys when the variable is unset or empty', () => {
    // Act
    const unset = loadDigestConfig({});
    const empty = loadDigestConfig({ DIGEST_PUBLIC_KEYS_FILE: '' });
    // Assess
    expect(unset.publicKeys).toBeUndefined();
    expect(empty.publicKeys).toBeUndefined();
  });

  it('fails naming the variable and the path when the file is not there', () => {
    // Act
    const load = () => loadDigestConfig({ DIGEST_PUBLIC_KEYS_FILE: 'events/no-such-keys.json' });
    // Assess
    expect(load).toThrow(
      expect.objectContaining({
        name: 'ConfigError',
        message: expect.stringMatching(
          /^DIGEST_PUBLIC_KEYS_FILE: cannot read events\/no-such-keys\.json \(from .+\): ENOENT/
        ),
      })
    );
  });

  it('fails naming the variable and the entry when the file is not list-public-keys output', async () => {
    // Prepare
    const bad = join(dir, 'keys.json');
    await writeFile(bad, JSON.stringify({ PublicKeyList: [{ Value: 42 }] }));
    // Act
    const load = () => loadDigestConfig({ DIGEST_PUBLIC_KEYS_FILE: bad });
    // Assess
    expect(load).toThrow(`DIGEST_PUBLIC_KEYS_FILE: ${bad}: PublicKeyList[0].Value: not a base64 string`);
  });
});
