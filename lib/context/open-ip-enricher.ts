import { checkIpData, type IpDataBytes, ipDataFiles, readIpData } from './ip-data.js';
import { OfflineIpEnricher, type OfflineIpEnricherOptions } from './offline-ip-enricher.js';

/**
 * The enricher over an IP data folder: checks each file's header now (start-up), reads the
 * files on the first lookup of a public address. With `bytes` (a worker thread's share of the
 * main thread's read), no file is read at all.
 * @param dir - the folder (`.build/ip-data`: in a checkout, and in each Lambda zip)
 * @param options - the cache size; `bytes` already read; `shared`: read into SharedArrayBuffers,
 *   to hand to worker threads (OfflineIpEnricher.bytes)
 * @throws IpDatabaseError naming the first file that is missing or corrupt
 */
export const openIpEnricher = (
  dir: string,
  options: OfflineIpEnricherOptions & { bytes?: IpDataBytes; shared?: boolean } = {}
): OfflineIpEnricher => {
  const files = ipDataFiles(dir);
  const { bytes } = options;
  if (bytes) return new OfflineIpEnricher(() => bytes, files, options);
  checkIpData(files);
  return new OfflineIpEnricher(() => readIpData(files, { shared: options.shared ?? false }), files, options);
};
