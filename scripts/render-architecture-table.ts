/*
 * Splices the allowed-imports table (test/architecture/allowed-imports.ts) into docs/architecture.md
 * between its markers, so the document shows the rules the architecture tests enforce:
 * `node --import tsx scripts/render-architecture-table.ts`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spliceAllowedImportsTable } from '../test/architecture/allowed-imports.js';

const path = join(import.meta.dirname, '..', 'docs', 'architecture.md');
const before = readFileSync(path, 'utf8');
const after = spliceAllowedImportsTable(before);
if (after === before) {
  console.log('docs/architecture.md: table already up to date');
} else {
  writeFileSync(path, after);
  console.log('docs/architecture.md: table rewritten');
}
