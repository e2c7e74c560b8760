// Builds the IP data folder the offline enrichment reads (docs/context.md): the ASN table
// converted from @ip-location-db/asn's numeric CSVs, the country table flattened from the two
// MMDB files of @ip-location-db/geo-whois-asn-country-mmdb (read with the `maxmind` reader), and
// the sources' licence files. Offline and deterministic: the same package versions give the same
// bytes. Run by `npm run build:ip-data` and by the `prepare` script (so `npm ci` builds it).
//
// Output: .build/ip-data/ (git-ignored); serverless.yml packs it into the zip of each function
// that evaluates rules, beside (never inside) the bundle.
import { copyFileSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { flattenCountryMmdb } from '../lib/context/country-mmdb.js';
import { buildAsnTable, buildCountryTable, IP_DATA_FILES, parseAsnCsv } from '../lib/context/index.js';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
export const IP_DATA_DIR = join(ROOT, '.build', 'ip-data');

const require = createRequire(import.meta.url);
const packageDir = (name: string): string => dirname(require.resolve(`${name}/package.json`));
const versionOf = (dir: string): string =>
  (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version: string }).version;

const asnDir = packageDir('@ip-location-db/asn');
const countryDir = packageDir('@ip-location-db/geo-whois-asn-country-mmdb');
const started = Date.now();
const v4 = parseAsnCsv(readFileSync(join(asnDir, 'asn-ipv4-num.csv'), 'utf8'), 'asn-ipv4-num.csv');
const v6 = parseAsnCsv(readFileSync(join(asnDir, 'asn-ipv6-num.csv'), 'utf8'), 'asn-ipv6-num.csv');
const { table, clipped } = buildAsnTable(v4, v6, versionOf(asnDir));
const mmdb = (name: string, ipVersion: 4 | 6) =>
  flattenCountryMmdb(readFileSync(join(countryDir, name)), name, ipVersion);
const countryV4 = mmdb('geo-whois-asn-country-ipv4.mmdb', 4);
const countryV6 = mmdb('geo-whois-asn-country-ipv6.mmdb', 6);
const countries = buildCountryTable(countryV4, countryV6, versionOf(countryDir));

// Written beside, then renamed into place, so a reader never sees half a folder.
const next = `${IP_DATA_DIR}.next-${process.pid}`;
rmSync(next, { recursive: true, force: true });
mkdirSync(next, { recursive: true });
writeFileSync(join(next, IP_DATA_FILES.asn), table);
writeFileSync(join(next, IP_DATA_FILES.country), countries);
for (const licence of ['ROUTEVIEWS-LICENSE', 'DBIP-LICENSE', 'NRO_LICENSE', 'MODIFICATIONS'])
  copyFileSync(join(asnDir, licence), join(next, `asn-${licence}`));
copyFileSync(join(countryDir, 'NRO_LICENSE'), join(next, 'country-NRO_LICENSE'));
writeFileSync(
  join(next, 'sources.json'),
  `${JSON.stringify(
    {
      '@ip-location-db/asn': versionOf(asnDir),
      '@ip-location-db/geo-whois-asn-country-mmdb': versionOf(countryDir),
    },
    null,
    2
  )}\n`
);
rmSync(IP_DATA_DIR, { recursive: true, force: true });
renameSync(next, IP_DATA_DIR);
process.stderr.write(
  `ip data: ${v4.length} IPv4 and ${v6.length} IPv6 AS ranges -> ${table.length} bytes, ${countryV4.countries.length} IPv4 and ${countryV6.countries.length} IPv6 country rows -> ${countries.length} bytes, in ${IP_DATA_DIR} (${clipped} overlapping AS rows clipped, ${Date.now() - started} ms)\n`
);
