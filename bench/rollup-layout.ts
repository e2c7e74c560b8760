/**
 * Capacity plan of the rollup's results-bucket layout: one literal day of the schedule (24
 * hourly runs with lookback and detector, a late-file case, the daily run) against a simulated
 * organization, printing what each run lists, reads and writes. docs/rollup-design.md quotes it.
 *
 *   node --import tsx bench/rollup-layout.ts [accounts=1000] [regions=17] [filesPerHour=12]
 */
import { OBJECT_KINDS, type RequestCounts, simulateDay } from '../tools/sample/simulate-organization.js';

const [accounts = 1000, regions = 17, filesPerHour = 12] = process.argv.slice(2).map(Number);
const started = performance.now();
const { hourly, daily } = await simulateDay({ accounts, regions, filesPerHour }, '2026-01-02', { lateFiles: regions });
const seconds = ((performance.now() - started) / 1000).toFixed(0);

const sum = (c: Record<string, number>) => Object.values(c).reduce((a, b) => a + b, 0);
const row = (name: string, c: RequestCounts) =>
  `| ${name} | ${c.listRequests.toLocaleString('en-US')} | ${sum(c.gets).toLocaleString('en-US')} | ${sum(c.puts).toLocaleString('en-US')} | ` +
  `${OBJECT_KINDS.filter((k) => c.gets[k] > 0)
    .map((k) => `${k} ${c.gets[k].toLocaleString('en-US')}`)
    .join(', ')} | ` +
  `${OBJECT_KINDS.filter((k) => c.puts[k] > 0)
    .map(
      (k) => `${k} ${c.puts[k].toLocaleString('en-US')} (avg ${(c.bytesWritten[k] / c.puts[k] / 1024).toFixed(1)} KiB)`
    )
    .join(', ')} | ${(c.largestObject / 1024).toFixed(0)} KiB |`;
const steady = hourly[6] as RequestCounts;
const late = hourly[12] as RequestCounts;
const total = (field: 'listRequests') => hourly.reduce((n, c) => n + c[field], 0) + daily[field];
const totalOf = (field: 'gets' | 'puts') => hourly.reduce((n, c) => n + sum(c[field]), 0) + sum(daily[field]);
const summaryGets = hourly.reduce((n, c) => n + c.gets.summary, 0) + daily.gets.summary;
const files = accounts * regions * filesPerHour * 24 + regions;

console.log(
  `${accounts} accounts × ${regions} regions × ${filesPerHour} files/hour = ${files.toLocaleString('en-US')} summaries in the day (${regions} of them late); simulated in ${seconds} s\n`
);
console.log('| run | LIST requests | GETs | PUTs | reads | writes | largest object |');
console.log('|---|---:|---:|---:|---|---|---:|');
console.log(row('hourly, hour 00 (first of the day)', hourly[0] as RequestCounts));
console.log(row('hourly, hour 06 (steady state)', steady));
console.log(row('hourly, hour 12 (17 late files in hour 11)', late));
console.log(row('daily (next day 00:30)', daily));
const cost = ((total('listRequests') + totalOf('puts')) * 0.005) / 1000 + (totalOf('gets') * 0.0004) / 1000;
console.log(
  `\nper day: ${total('listRequests').toLocaleString('en-US')} LIST, ${totalOf('gets').toLocaleString('en-US')} GET (${summaryGets.toLocaleString('en-US')} summary reads for ${files.toLocaleString('en-US')} summaries), ` +
    `${totalOf('puts').toLocaleString('en-US')} PUT; S3 request cost ≈ $${cost.toFixed(2)}/day at us-east-1 Standard prices`
);
