import { formatDisplayDate, parseCliDate } from './python-dates.js';
import type { Finding, LoadedDigest } from '../types.js';

const timeOf = (value: unknown): Date | undefined => {
  try {
    return parseCliDate(value);
  } catch {
    return undefined;
  }
};

/**
 * Checks the link from a digest to the one it names as previous, which `aws cloudtrail validate-logs`
 * never does (it trusts each digest's own signature only):
 * - `previousDigestHashValue` must be the SHA-256 of the previous digest's decompressed bytes;
 * - `previousDigestSignature` must equal the previous digest's `signature` metadata (when known);
 * - `digestStartTime` must equal the previous digest's `digestEndTime`.
 * A mismatch means the previous object was replaced by another validly signed digest, or a digest
 * was dropped from the chain.
 *
 * @param newer - the digest holding the pointer
 * @param older - the digest it points to, as loaded
 * @returns findings, empty when the link holds
 */
export const linkFindings = (newer: LoadedDigest, older: LoadedDigest): Finding[] => {
  const findings: Finding[] = [];
  const at = { bucket: older.bucket, key: older.key };
  const referencedBy = `s3://${newer.bucket}/${newer.key}`;
  const expectedHash = newer.doc.previousDigestHashValue;
  if (typeof expectedHash === 'string' && expectedHash.toLowerCase() !== older.sha256) {
    findings.push({
      code: 'previous-digest-hash-mismatch',
      severity: 'critical',
      ...at,
      message: `SHA-256 of this digest is not the previousDigestHashValue of the next digest, ${referencedBy}`,
      details: { expected: expectedHash, actual: older.sha256, referencedBy },
    });
  }
  const expectedSignature = newer.doc.previousDigestSignature;
  const actualSignature = older.metadata.signature;
  if (
    typeof expectedSignature === 'string' &&
    actualSignature !== undefined &&
    expectedSignature.toLowerCase() !== actualSignature.toLowerCase()
  ) {
    findings.push({
      code: 'previous-digest-signature-mismatch',
      severity: 'critical',
      ...at,
      message: `signature metadata of this digest is not the previousDigestSignature of the next digest, ${referencedBy}`,
      details: { referencedBy },
    });
  }
  const newerStart = timeOf(newer.doc.digestStartTime);
  const olderEnd = timeOf(older.doc.digestEndTime);
  if (newerStart && olderEnd && newerStart.getTime() !== olderEnd.getTime()) {
    findings.push({
      code: 'digest-time-discontinuity',
      severity: 'high',
      ...at,
      message: `this digest ends at ${formatDisplayDate(olderEnd)} but the next digest, ${referencedBy}, starts at ${formatDisplayDate(
        newerStart
      )}`,
      details: { digestEndTime: older.doc.digestEndTime, nextDigestStartTime: newer.doc.digestStartTime, referencedBy },
    });
  }
  return findings;
};
