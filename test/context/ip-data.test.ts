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

  it('fails at start-up when the country table is truncated', () => {
    const dir = folder();
    truncateSync(join(dir, IP_DATA_FILES.country), 1000);

    expect(() => openIpEnricher(dir)).toThrow(
      /country\.bin: 1000 bytes where its header declares \d+: truncated or corrupt/
    );
  });

  it.each(Object.values(IP_DATA_FILES))('fails at start-up when %s is not a table trailwatch built', (name) => {
    const dir = folder();
    // What the folder held before the country table: a MaxMind DB file in its place.
    writeFileSync(join(dir, name), Buffer.alloc(4096, 7));

    expect(() => openIpEnricher(dir)).toThrow(`IP database ${join(dir, name)}: not a`);
    expect(() => openIpEnricher(dir)).toThrow('rebuild it with npm run build:ip-data');
  });

  it('reads no file when given bytes already read (a worker thread sharing the main thread’s)', () => {
    const dir = folder();
    const shared = openIpEnricher(dir);
    shared.load();
    const bytes = {
      asn: new Uint8Array(readFileSync(join(dir, IP_DATA_FILES.asn))),
      country: new Uint8Array(readFileSync(join(dir, IP_DATA_FILES.country))),
    };
    rmSync(dir, { recursive: true });

    expect(openIpEnricher(dir, { bytes }).lookup('8.8.8.8')).toMatchObject({ asn: 15169 });
  });
});
