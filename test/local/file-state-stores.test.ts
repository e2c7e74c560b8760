import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stateStoresOf } from '../../lib/aws/state-stores.js';
import { readCorrelationState, readIncidentState } from '../../lib/local/incident-file.js';
import { fileStateStores } from '../../lib/local/incident-file.js';
import { correlateMatches } from '../../lib/pipelines/correlations.js';
import { foldIntoIncidents } from '../../lib/pipelines/incidents.js';
import { at, consoleLogin, correlator } from '../helpers/correlation-records.js';
import { viewOf } from '../../lib/cloudtrail/record-view.js';

let folder: string;
beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'trailwatch-state-stores-'));
});
afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('fileStateStores (local runs without tables)', () => {
  it('keeps incidents and correlation states in one state file, said once on stderr', async () => {
    // Prepare: the built-in failed sign-in threshold, three failures in one file
    const path = join(folder, '.trailwatch-incidents.json');
    const said: string[] = [];
    const stores = fileStateStores(
      path,
      () => new Date(),
      (line) => said.push(line)
    );
    const { engine } = correlator([], { builtin: true });
    const detector = engine.detector({ bucket: 'trail-bucket', key: 'a.json.gz' });
    const take = detector.deferCorrelations?.();
    for (const [i, m] of [1, 2, 3].entries())
      detector.onRecord(viewOf(consoleLogin(at(m), 'Failure', 'dave', '192.0.2.3'), i));
    const deps = { correlations: engine.correlations, store: stores.correlations };
    // Act
    await correlateMatches(take?.() ?? [], 'trail-bucket/a.json.gz', deps);
    await foldIntoIncidents(detector.finish(), 'trail-bucket/a.json.gz', { store: stores.incidents });
    // Assess
    expect(said).toEqual([
      `trailwatch: no incident table (INCIDENT_TABLE): incidents and correlation states are kept in ${path}\n`,
    ]);
    expect(JSON.parse(await readFile(path, 'utf8')).format).toBe('trailwatch-incidents');
    expect(readIncidentState(path)).toBeDefined();
    const states = Object.values(readCorrelationState(path)?.correlations ?? {});
    // the failures feed the burst and the password-spray count (one user: far from spraying)
    expect(states.map((s) => [s.correlationId, s.matches.length]).sort()).toEqual([
      ['console-login-failure-burst', 3],
      ['console-login-password-spray', 3],
    ]);
  });
});

describe('stateStoresOf (the stores a Lambda function runs with)', () => {
  it('keeps both in the state file when no table is named, and none without one', () => {
    // Prepare
    const path = join(folder, 'neither.json');
    const files: string[] = [];
    const fileStores = (p: string) => {
      files.push(p);
      return fileStateStores(
        p,
        () => new Date(),
        () => {}
      );
    };
    // Act
    const local = stateStoresOf({ stateFile: path }, 'us-east-1', fileStores);
    const none = stateStoresOf({}, 'us-east-1', fileStores);
    // Assess
    expect(files).toEqual([path]);
    expect([local.incidents !== undefined, local.correlations !== undefined]).toEqual([true, true]);
    expect(none).toEqual({});
  });

  it('builds a DynamoDB store for each table named, and ignores the state file then', () => {
    // Act
    const both = stateStoresOf(
      { table: 'incidents', correlationTable: 'correlations', stateFile: join(folder, 'unused.json') },
      'us-east-1',
      () => {
        throw new Error('the state file is not used with tables');
      }
    );
    const incidentsOnly = stateStoresOf({ table: 'incidents' }, 'us-east-1', () => {
      throw new Error('the state file is not used with tables');
    });
    // Assess
    expect([both.incidents !== undefined, both.correlations !== undefined]).toEqual([true, true]);
    expect([incidentsOnly.incidents !== undefined, incidentsOnly.correlations]).toEqual([true, undefined]);
  });
});
