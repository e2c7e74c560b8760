import type { AsnRange } from './asn-table.js';

/**
 * Parses one of @ip-location-db/asn's numeric CSVs (`asn-ipv4-num.csv`, `asn-ipv6-num.csv`):
 * `ip_range_start,ip_range_end,autonomous_system_number,autonomous_system_organization`, the
 * range inclusive and in decimal, the organisation quoted when it holds a comma or a quote.
 * @param text - the whole file
 * @param file - its name, for errors
 * @returns the rows in file order
 * @throws Error naming the line of a row that does not parse
 */
export const parseAsnCsv = (text: string, file: string): AsnRange[] => {
  const rows: AsnRange[] = [];
  let line = 0;
  for (const raw of text.split('\n')) {
    line++;
    const row = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (row === '') continue;
    const fields = splitCsvRow(row);
    const [start, end, asn, org] = fields;
    if (fields.length !== 4 || !/^\d+$/.test(start ?? '') || !/^\d+$/.test(end ?? '') || !/^\d+$/.test(asn ?? ''))
      throw new Error(`${file}:${line}: not a start,end,asn,organisation row: ${row.slice(0, 120)}`);
    rows.push({ start: BigInt(start as string), end: BigInt(end as string), asn: Number(asn), org: org as string });
  }
  return rows;
};

/** Splits a CSV row, honouring double quotes (RFC 4180). */
const splitCsvRow = (row: string): string[] => {
  const fields: string[] = [];
  let i = 0;
  while (i <= row.length) {
    if (row[i] === '"') {
      let value = '';
      i++;
      while (i < row.length) {
        if (row[i] === '"') {
          if (row[i + 1] === '"') {
            value += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        value += row[i];
        i++;
      }
      fields.push(value);
      i++; // the comma
    } else {
      const comma = row.indexOf(',', i);
      const end = comma < 0 ? row.length : comma;
      fields.push(row.slice(i, end));
      i = end + 1;
    }
  }
  return fields;
};
