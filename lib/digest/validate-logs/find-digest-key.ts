import { pyStr } from '../core/py-str.js';
import { formatDisplayDate, parseCliDate } from '../core/python-dates.js';
import { BACKFILL_KEY_WINDOW_MS } from '../constants.js';
import { DigestCheckError } from '../errors.js';
import type { LoadedDigest, PublicKeyRecord, PublicKeySource } from '../types.js';

/**
 * Finds the public key a digest names, as the CLI does during its walk. Standard digests use the
 * keys fetched once for the range (`keys`); a backfill digest whose fingerprint is not there fetches
 * keys for ±1 h around its `backfill-generation-timestamp` and adds them. Offline, without metadata,
 * there is no generation timestamp: every supplied key is tried instead.
 *
 * @param digest - the loaded digest
 * @param keys - fingerprint → key, filled as keys are fetched (one map per walk)
 * @param source - ListPublicKeys, or the saved keys
 * @param homeRegion - named in the CLI's "not found" message
 * @param offline - metadata unknown (local copy without an entry)
 * @returns the key
 * @throws DigestCheckError `public key not found in region … for fingerprint …`
 * @throws Error `No public keys found between …` for a backfill window with no keys (the CLI reports it as the digest's verdict)
 */
export const findDigestKey = async (
  digest: LoadedDigest,
  keys: Map<string, PublicKeyRecord>,
  source: PublicKeySource,
  homeRegion: string,
  offline: boolean
): Promise<PublicKeyRecord> => {
  const fingerprint = pyStr(digest.doc.digestPublicKeyFingerprint);
  if (!keys.has(fingerprint) && digest.backfill) {
    if (offline) {
      for (const k of await source.between(new Date(0), new Date(8.64e15))) keys.set(k.fingerprint, k);
    } else {
      const generated = parseCliDate(digest.metadata['backfill-generation-timestamp']);
      const from = new Date(generated.getTime() - BACKFILL_KEY_WINDOW_MS);
      const to = new Date(generated.getTime() + BACKFILL_KEY_WINDOW_MS);
      const found = await source.between(from, to);
      if (found.length === 0)
        throw new Error(`No public keys found between ${formatDisplayDate(from)} and ${formatDisplayDate(to)}`);
      for (const k of found) keys.set(k.fingerprint, k);
    }
  }
  const key = keys.get(fingerprint);
  if (key === undefined) {
    throw new DigestCheckError(
      'key-not-found',
      digest.bucket,
      digest.key,
      `INVALID: public key not found in region ${homeRegion} for fingerprint ${fingerprint}`
    );
  }
  return key;
};
