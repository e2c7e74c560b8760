import { copyFileSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { IP_DATA_FILES, IpDatabaseError, openIpEnricher } from '../../lib/context/index.js';
import { IP_DATA_DIR } from '../helpers/ip-data.js';

const copyData = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'ip-data-'));
  for (const name of Object.values(IP_DATA_FILES)) copyFileSync(join(IP_DATA_DIR, name), join(dir, name));
  return dir;
};

describe('openIpEnricher', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  const folder = () => {
    const dir = copyData();
    dirs.push(dir);
    return dir;
  };

  it('opens a complete folder and looks up on demand', () => {
    expect(openIpEnricher(folder()).lookup('9.9.9.9')).toMatchObject({ asn: 19281 });
  });

  it.each(Object.values(IP_DATA_FILES))('fails at start-up, naming %s, when it is missing', (name) => {
    const dir = folder();
    rmSync(join(dir, name));

    const open = () => openIpEnricher(dir);

    expect(open).toThrow(IpDatabaseError);
    expect(open).toThrow(`IP database ${join(dir, name)}: missing`);
  });

  it('fails at start-up when the ASN table is truncated', () => {
    const dir = folder();
    truncateSync(join(dir, IP_DATA_FILES.asn), 1000);

    expect(() => openIpEnricher(dir)).toThrow(
      /asn\.bin: 1000 bytes where its header declares \d+: truncated or corrupt/
    );
  });

  it.each([IP_DATA_FILES.countryV4, IP_DATA_FILES.countryV6])(
    'fails at start-up when %s is not an MMDB file',
    (name) => {
      const dir = folder();
      writeFileSync(join(dir, name), Buffer.alloc(4096, 7));

      expect(() => openIpEnricher(dir)).toThrow(`IP database ${join(dir, name)}: not a MaxMind DB`);
    }
  );

  it('fails on the first lookup, naming the file, when an MMDB file passes the header check but its tree is cut', () => {
    const dir = folder();
    const file = join(dir, IP_DATA_FILES.countryV4);
    const bytes = readFileSync(file);
    // Keep the metadata at the end; drop most of the search tree before it.
    writeFileSync(file, Buffer.concat([bytes.subarray(0, 1000), bytes.subarray(bytes.length - 20_000)]));
    const enricher = openIpEnricher(dir);

    expect(() => enricher.lookup('8.8.8.8')).toThrow(`IP database ${file}: truncated`);
  });

  it('reads no file when given bytes already read (a worker thread sharing the main thread’s)', () => {
    const dir = folder();
    const shared = openIpEnricher(dir);
    shared.load();
    const bytes = {
      asn: new Uint8Array(readFileSync(join(dir, IP_DATA_FILES.asn))),
      countryV4: new Uint8Array(readFileSync(join(dir, IP_DATA_FILES.countryV4))),
      countryV6: new Uint8Array(readFileSync(join(dir, IP_DATA_FILES.countryV6))),
    };
    rmSync(dir, { recursive: true });

    expect(openIpEnricher(dir, { bytes }).lookup('8.8.8.8')).toMatchObject({ asn: 15169 });
  });
});
