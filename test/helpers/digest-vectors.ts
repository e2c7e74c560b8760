import { createHash, generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';

/*
 * Generator of signed CloudTrail digest vectors in the real formats: RSA-2048 keys published as
 * PKCS#1 DER (or SPKI on request) with MD5(DER) fingerprints, Java-style compact digest JSON with
 * every `/` escaped as `\/`, gzip objects, and the hex SHA256withRSA signature in S3 metadata.
 * Layout and fields after
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-digest-file-structure.html
 */

/** A key pair as CloudTrail would publish it. */
export type SigningKey = {
  privateKey: KeyObject;
  /** DER as ListPublicKeys returns it (`Value`). */
  der: Buffer;
  fingerprint: string;
  validityStart: Date;
  validityEnd: Date;
};

/** Creates an RSA-2048 key; `encoding` is how its public half is published. */
export const makeSigningKey = (
  validityStart: Date,
  validityEnd: Date,
  encoding: 'pkcs1' | 'spki' = 'pkcs1'
): SigningKey => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048, publicExponent: 65537 });
  const der = publicKey.export({ format: 'der', type: encoding });
  return { privateKey, der, fingerprint: createHash('md5').update(der).digest('hex'), validityStart, validityEnd };
};

/** One S3 object of a vector world. */
export type VectorObject = { bucket: string; key: string; body: Buffer; metadata: Record<string, string> };

/** An entry of DescribeTrails' `trailList`. */
export type TrailEntry = {
  Name: string;
  TrailARN: string;
  S3BucketName: string;
  S3KeyPrefix?: string;
  HomeRegion: string;
  IsOrganizationTrail: boolean;
  IsMultiRegionTrail: boolean;
  LogFileValidationEnabled: boolean;
};

const compact = (d: Date): string =>
  d
    .toISOString()
    .replace(/\.\d{3}Z$/, 'Z')
    .replace(/[-:]/g, '');
const iso = (d: Date): string => d.toISOString().replace(/\.\d{3}Z$/, 'Z');
const folder = (d: Date): string => iso(d).slice(0, 10).replace(/-/g, '/');
const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

/** Serialises like CloudTrail's Java writer: compact, fields in order, `/` escaped. */
export const javaJson = (value: unknown): string => JSON.stringify(value).replace(/\//g, '\\/');

/** A set of buckets, objects, published keys and trails; written to s3rver or a folder. */
export class VectorWorld {
  readonly objects = new Map<string, VectorObject>();
  readonly keys: SigningKey[] = [];
  readonly trails: TrailEntry[] = [];
  organizationId = 'o-a1b2c3d4e5';

  put(object: VectorObject): void {
    this.objects.set(`${object.bucket}/${object.key}`, object);
  }
  get(bucket: string, key: string): VectorObject {
    const object = this.objects.get(`${bucket}/${key}`);
    if (!object) throw new Error(`no object ${bucket}/${key}`);
    return object;
  }
  delete(bucket: string, key: string): void {
    if (!this.objects.delete(`${bucket}/${key}`)) throw new Error(`no object ${bucket}/${key}`);
  }
  publish(key: SigningKey): void {
    if (!this.keys.includes(key)) this.keys.push(key);
  }
  buckets(): string[] {
    return [...new Set([...this.objects.values()].map((o) => o.bucket))].sort();
  }

  /** `aws cloudtrail list-public-keys` output (CLI v1 style: epoch seconds). */
  keysJson(): string {
    return JSON.stringify({
      PublicKeyList: this.keys.map((k) => ({
        Value: k.der.toString('base64'),
        ValidityStartTime: k.validityStart.getTime() / 1000,
        ValidityEndTime: k.validityEnd.getTime() / 1000,
        Fingerprint: k.fingerprint,
      })),
    });
  }

  /** The `--metadata` file: every object's metadata that has any. */
  metadataJson(filter: (o: VectorObject) => boolean = () => true): string {
    const out: Record<string, Record<string, string>> = {};
    for (const o of this.objects.values())
      if (Object.keys(o.metadata).length > 0 && filter(o)) out[`${o.bucket}/${o.key}`] = o.metadata;
    return JSON.stringify(out);
  }

  /** Writes `<root>/<bucket>/<key>`, as `aws s3 sync` would (metadata lost). */
  async writeToFolder(root: string): Promise<void> {
    for (const o of this.objects.values()) {
      const file = join(root, o.bucket, ...o.key.split('/'));
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, o.body);
    }
  }

  /** Puts every object, with its metadata, into S3 (buckets must exist). */
  async writeToS3(client: S3Client, concurrency = 16): Promise<void> {
    const all = [...this.objects.values()];
    for (let i = 0; i < all.length; i += concurrency) {
      await Promise.all(
        all
          .slice(i, i + concurrency)
          .map((o) =>
            client.send(new PutObjectCommand({ Bucket: o.bucket, Key: o.key, Body: o.body, Metadata: o.metadata }))
          )
      );
    }
  }
}

/** Where a trail writes, and who signs. */
export type TrailSpec = {
  accountId: string;
  name: string;
  homeRegion: string;
  sourceRegion: string;
  bucket: string;
  prefix?: string;
  organization?: boolean;
  signer: SigningKey;
  /** The management account owning an organization trail (defaults to `accountId`). */
  ownerAccountId?: string;
  /** Extra fields for each generated record (the benchmark makes records of realistic size). */
  recordExtra?: (index: number) => Record<string, unknown>;
};

/** A log file written by a chain. */
export type LogRef = { bucket: string; key: string; hashValue: string; content: Buffer; time: Date };

/** A digest written by a chain. */
export type DigestRef = {
  bucket: string;
  key: string;
  signature: string;
  hash: string;
  start: Date;
  end: Date;
  doc: Record<string, unknown>;
};

/** Options of one digest. */
export type DigestOptions = {
  start: Date;
  end: Date;
  logs?: LogRef[];
  /** `null` for a starting digest; default: the chain's last digest. */
  previous?: DigestRef | null;
  signer?: SigningKey;
  bucket?: string;
  backfill?: { generatedAt: Date };
  /** Edits the JSON before it is signed. */
  edit?: (doc: Record<string, unknown>) => void;
  /** Bytes appended after the gzip member. */
  appendAfterGzip?: Buffer;
};

let uniqueCounter = 0;
const uniqueSuffix = (): string => {
  uniqueCounter += 1;
  return createHash('sha1')
    .update(String(uniqueCounter))
    .digest('base64')
    .replace(/[^A-Za-z0-9]/g, '')
    .slice(0, 16);
};

/** Builds one trail's objects: log files and a signed, chained series of digests. */
export class ChainBuilder {
  last?: DigestRef;
  lastBackfill?: DigestRef;
  readonly digests: DigestRef[] = [];
  readonly logs: LogRef[] = [];

  constructor(
    readonly world: VectorWorld,
    readonly spec: TrailSpec
  ) {
    world.publish(spec.signer);
    const arn = this.arn();
    if (!world.trails.some((t) => t.TrailARN === arn)) {
      world.trails.push({
        Name: spec.name,
        TrailARN: arn,
        S3BucketName: spec.bucket,
        ...(spec.prefix && { S3KeyPrefix: spec.prefix }),
        HomeRegion: spec.homeRegion,
        IsOrganizationTrail: spec.organization === true,
        IsMultiRegionTrail: spec.sourceRegion !== spec.homeRegion,
        LogFileValidationEnabled: true,
      });
    }
  }

  arn(): string {
    return `arn:aws:cloudtrail:${this.spec.homeRegion}:${this.spec.ownerAccountId ?? this.spec.accountId}:trail/${this.spec.name}`;
  }

  private base(): string {
    const { prefix, organization, accountId } = this.spec;
    return `${prefix ? `${prefix}/` : ''}AWSLogs/${organization ? `${this.world.organizationId}/` : ''}${accountId}`;
  }

  /** Writes a gzip log file named for `time` and returns its digest entry. */
  log(time: Date, records = 2, bucket = this.spec.bucket): LogRef {
    const { accountId, sourceRegion } = this.spec;
    const stamp = compact(time).slice(0, 13);
    const key = `${this.base()}/CloudTrail/${sourceRegion}/${folder(time)}/${accountId}_CloudTrail_${sourceRegion}_${stamp}Z_${uniqueSuffix()}.json.gz`;
    const content = Buffer.from(
      javaJson({
        Records: Array.from({ length: records }, (_, i) => ({
          eventVersion: '1.09',
          eventTime: iso(time),
          eventSource: 's3.amazonaws.com',
          eventName: 'GetObject',
          awsRegion: sourceRegion,
          eventID: `${uniqueSuffix()}-${i}`,
          recipientAccountId: accountId,
          ...this.spec.recordExtra?.(i),
        })),
      })
    );
    const ref: LogRef = { bucket, key, hashValue: sha256(content), content, time };
    this.world.put({ bucket, key, body: gzipSync(content), metadata: {} });
    this.logs.push(ref);
    return ref;
  }

  /** Writes one signed digest. */
  digest(options: DigestOptions): DigestRef {
    const { accountId, sourceRegion, homeRegion, name } = this.spec;
    const signer = options.signer ?? this.spec.signer;
    const bucket = options.bucket ?? this.spec.bucket;
    const backfill = options.backfill !== undefined;
    const previous = options.previous === undefined ? (backfill ? this.lastBackfill : this.last) : options.previous;
    const key = `${this.base()}/CloudTrail-Digest/${sourceRegion}/${folder(options.end)}/${accountId}_CloudTrail-Digest_${sourceRegion}_${name}_${homeRegion}_${compact(
      options.end
    )}${backfill ? '_backfill' : ''}.json.gz`;
    const logs = options.logs ?? [];
    const times = logs.map((l) => l.time.getTime());
    const doc: Record<string, unknown> = {
      awsAccountId: accountId,
      digestStartTime: iso(options.start),
      digestEndTime: iso(options.end),
      digestS3Bucket: bucket,
      digestS3Object: key,
      digestPublicKeyFingerprint: signer.fingerprint,
      digestSignatureAlgorithm: 'SHA256withRSA',
      newestEventTime: times.length ? iso(new Date(Math.max(...times))) : null,
      oldestEventTime: times.length ? iso(new Date(Math.min(...times))) : null,
      previousDigestS3Bucket: previous ? previous.bucket : null,
      previousDigestS3Object: previous ? previous.key : null,
      previousDigestHashValue: previous ? previous.hash : null,
      previousDigestHashAlgorithm: previous ? 'SHA-256' : null,
      previousDigestSignature: previous ? previous.signature : null,
      logFiles: logs.map((l) => ({
        s3Bucket: l.bucket,
        s3Object: l.key,
        hashValue: l.hashValue,
        hashAlgorithm: 'SHA-256',
        newestEventTime: iso(l.time),
        oldestEventTime: iso(l.time),
      })),
    };
    options.edit?.(doc);
    const bytes = Buffer.from(javaJson(doc));
    const hash = sha256(bytes);
    const previousSignature = doc.previousDigestSignature === null ? 'null' : String(doc.previousDigestSignature);
    const toSign = `${doc.digestEndTime}\n${doc.digestS3Bucket}/${doc.digestS3Object}\n${hash}\n${previousSignature}`;
    const signature = sign('sha256', Buffer.from(toSign), signer.privateKey).toString('hex');
    const body = options.appendAfterGzip ? Buffer.concat([gzipSync(bytes), options.appendAfterGzip]) : gzipSync(bytes);
    const metadata: Record<string, string> = { signature, 'signature-algorithm': 'SHA256withRSA' };
    if (options.backfill) metadata['backfill-generation-timestamp'] = iso(options.backfill.generatedAt);
    this.world.put({ bucket, key, body, metadata });
    const ref: DigestRef = { bucket, key, signature, hash, start: options.start, end: options.end, doc };
    this.digests.push(ref);
    if (backfill) this.lastBackfill = ref;
    else this.last = ref;
    return ref;
  }

  /**
   * Writes `hours` hourly digests from `first` (digest end times fall a few seconds past each
   * hour, as real ones do), each listing `logsPerHour` fresh log files; the first one starts a chain
   * unless the builder already has a digest.
   */
  hourly(first: Date, hours: number, logsPerHour: number | ((hour: number) => number) = 2): DigestRef[] {
    const out: DigestRef[] = [];
    for (let h = 0; h < hours; h += 1) {
      const start = this.last ? this.last.end : new Date(first.getTime() - 3_600_000);
      const end = new Date(first.getTime() + h * 3_600_000);
      const count = typeof logsPerHour === 'function' ? logsPerHour(h) : logsPerHour;
      const logs = Array.from({ length: count }, (_, i) =>
        this.log(new Date(start.getTime() + ((i + 1) * 3_600_000) / (count + 2)))
      );
      out.push(this.digest({ start, end, logs }));
    }
    return out;
  }
}

/** Display form the CLI prints, `%Y-%m-%dT%H:%M:%SZ`. */
export const display = iso;
