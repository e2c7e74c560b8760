// The naive baseline the CLI benchmarks compare against, as its own process:
//   node bench/baseline.mjs <dir|file>…
// reads each .json.gz file whole, gunzips it in one call and JSON.parses the document, the way a
// hand-written script would; prints {"files","records","bytes"} on stdout.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

const files = process.argv
  .slice(2)
  .flatMap((path) =>
    statSync(path).isDirectory()
      ? readdirSync(path, { recursive: true })
          .filter((name) => name.endsWith('.json.gz'))
          .map((name) => join(path, name))
      : [path]
  )
  .sort();
let records = 0;
let bytes = 0;
for (const file of files) {
  const text = gunzipSync(readFileSync(file)).toString('utf8');
  records += JSON.parse(text).Records.length;
  bytes += text.length;
}
process.stdout.write(`${JSON.stringify({ files: files.length, records, bytes })}\n`);
