import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { fileStateStores } from '../../lib/local/incident-file.js';
import { describeIncidentStoreContract } from '../incidents/incident-store-contract.js';

const dir = mkdtempSync(join(tmpdir(), 'tw-incident-file-'));
let files = 0;
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describeIncidentStoreContract(
  'the state file store',
  async (now) => fileStateStores(join(dir, `state-${files++}.json`), now, () => undefined).incidents
);
