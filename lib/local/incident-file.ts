import { accessSync, constants, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { type IncidentState, memoryIncidentStore } from '../incidents/memory-store.js';
import { ConfigError } from '../model/errors.js';
import type { IncidentStore } from '../model/incident.js';
import { type CorrelationState, memoryCorrelationStore } from '../incidents/memory-correlation-store.js';
import type { CorrelationStore } from '../model/correlation.js';
import { type BaselineState, memoryBaselineStore } from '../incidents/memory-baseline-store.js';
import type { BaselineStore } from '../model/baseline.js';

/** What a state file says it is, so a wrong file is refused instead of read as empty. */
const FORMAT = 'trailwatch-incidents';
const VERSION = 1;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Checks, before a run does any work, that the state file can be written at its end: its
 * folder exists and may be written in (the file is written beside itself and renamed over).
 * Found only at the end, a run would have printed and sent every alert and then lost the state,
 * so the next run would send them all again.
 * @throws ConfigError naming the file and what is wrong with its folder
 */
export const checkStateWritable = (path: string): void => {
  const folder = dirname(path);
  const info = statSync(folder, { throwIfNoEntry: false });
  if (info === undefined) throw new ConfigError(`--state ${path}: the folder ${folder} does not exist`);
  if (!info.isDirectory()) throw new ConfigError(`--state ${path}: ${folder} is not a folder`);
  try {
    accessSync(folder, constants.W_OK);
  } catch {
    throw new ConfigError(`--state ${path}: the folder ${folder} cannot be written in`);
  }
};

/**
 * Reads an incident state file (`trailwatch detect --state FILE`).
 * @param path - the file
 * @returns the state, or undefined when the file does not exist yet (the first run)
 * @throws ConfigError naming the file when it cannot be read or is not a state file: never a
 * silent reset
 */
export const readIncidentState = (path: string): IncidentState | undefined => {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as { code?: string }).code === 'ENOENT') return undefined;
    throw new ConfigError(`--state ${path}: cannot be read (${(error as Error).message})`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`--state ${path}: not JSON (${(error as Error).message}); move it away to start afresh`);
  }
  if (!isRecord(parsed) || parsed.format !== FORMAT) {
    throw new ConfigError(`--state ${path}: not a trailwatch incident state file (no "format": "${FORMAT}")`);
  }
  if (parsed.version !== VERSION) {
    throw new ConfigError(`--state ${path}: state version ${String(parsed.version)}, this trailwatch reads ${VERSION}`);
  }
  if (!isRecord(parsed.incidents) || !isRecord(parsed.sources)) {
    throw new ConfigError(`--state ${path}: "incidents" and "sources" must be objects`);
  }
  for (const [key, incident] of Object.entries(parsed.incidents)) {
    if (!isRecord(incident) || typeof incident.incidentId !== 'string' || typeof incident.count !== 'number') {
      throw new ConfigError(`--state ${path}: incident ${key} is damaged (no incidentId or count)`);
    }
  }
  return { incidents: parsed.incidents, sources: parsed.sources } as IncidentState;
};

/**
 * Reads the correlation states kept beside the incidents in a state file (its `correlation`
 * field; a file written before correlations existed has none: read as empty).
 * @param path - the file
 * @returns the states, or undefined when the file does not exist yet
 * @throws ConfigError naming the file when the field is damaged
 */
export const readCorrelationState = (path: string): CorrelationState | undefined => {
  if (readIncidentState(path) === undefined) return undefined;
  const parsed = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  const correlation = parsed.correlation;
  if (correlation === undefined) return { correlations: {}, sources: {} };
  if (!isRecord(correlation) || !isRecord(correlation.correlations) || !isRecord(correlation.sources))
    throw new ConfigError(`--state ${path}: "correlation" must hold "correlations" and "sources" objects`);
  for (const [key, state] of Object.entries(correlation.correlations))
    if (!isRecord(state) || !Array.isArray(state.matches) || typeof state.version !== 'number')
      throw new ConfigError(`--state ${path}: correlation state ${key} is damaged (no matches or version)`);
  return correlation as CorrelationState;
};

/**
 * Reads the first-seen baselines kept beside the incidents in a state file (its `baseline`
 * field; a file written before first-seen rules existed has none: read as empty).
 * @param path - the file
 * @returns the baselines, or undefined when the file does not exist yet
 * @throws ConfigError naming the file when the field is damaged
 */
export const readBaselineState = (path: string): BaselineState | undefined => {
  if (readIncidentState(path) === undefined) return undefined;
  const parsed = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  const baseline = parsed.baseline;
  if (baseline === undefined) return { baselines: {} };
  if (
    !isRecord(baseline) ||
    !isRecord(baseline.baselines) ||
    (baseline.deploymentStart !== undefined && typeof baseline.deploymentStart !== 'number')
  )
    throw new ConfigError(`--state ${path}: "baseline" must hold a "baselines" object and a numeric "deploymentStart"`);
  for (const [id, stored] of Object.entries(baseline.baselines))
    if (
      !isRecord(stored) ||
      typeof stored.entity !== 'string' ||
      typeof stored.source !== 'string' ||
      typeof stored.expiresAt !== 'number'
    )
      throw new ConfigError(`--state ${path}: baseline ${id} is damaged (no entity, source or expiresAt)`);
  return baseline as BaselineState;
};

/**
 * Writes the state whole to a temporary file beside `path` and renames it over, so a crash never
 * leaves half a file. The correlation states go in its `correlation` field and the first-seen
 * baselines in `baseline`; a section not given keeps what the file holds.
 */
export const writeIncidentState = (
  path: string,
  state: IncidentState,
  correlation?: CorrelationState,
  baseline?: BaselineState
): void => {
  const kept = correlation === undefined || baseline === undefined ? keptSections(path) : {};
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(
    temporary,
    `${JSON.stringify({
      format: FORMAT,
      version: VERSION,
      ...state,
      ...(correlation ? { correlation } : kept.correlation ? { correlation: kept.correlation } : {}),
      ...(baseline ? { baseline } : kept.baseline ? { baseline: kept.baseline } : {}),
    })}\n`
  );
  renameSync(temporary, path);
};

/** The correlation and baseline sections a state file holds now (none when it does not exist). */
const keptSections = (path: string): { correlation?: unknown; baseline?: unknown } => {
  if (readIncidentState(path) === undefined) return {};
  const parsed = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  return { correlation: parsed.correlation, baseline: parsed.baseline };
};

/** The incident, correlation and first-seen baseline stores kept in one state file (the `--state` format). */
export type FileStateStores = { incidents: IncidentStore; correlations: CorrelationStore; baselines: BaselineStore };

/**
 * The incident store, the correlation store and the first-seen baselines kept in one file,
 * written whole after every change: what `osls invoke local` and `npm start` use where no DynamoDB table is configured,
 * said once on stderr when first used. The file has the format of `trailwatch detect --state`,
 * so a local run and the CLI can continue each other's incidents. One process at a time.
 * @param path - the state file (created when missing)
 * @param now - the clock that decides expiry
 * @param say - where the one line goes (stderr)
 */
export const fileStateStores = (
  path: string,
  now: () => Date = () => new Date(),
  say: (line: string) => void = (line) => process.stderr.write(line)
): FileStateStores => {
  let opened:
    | {
        incidents: ReturnType<typeof memoryIncidentStore>;
        correlations: ReturnType<typeof memoryCorrelationStore>;
        baselines: ReturnType<typeof memoryBaselineStore>;
      }
    | undefined;
  const open = () => {
    if (opened === undefined) {
      say(`trailwatch: no incident table (INCIDENT_TABLE): incidents and correlation states are kept in ${path}\n`);
      opened = {
        incidents: memoryIncidentStore(readIncidentState(path), now),
        correlations: memoryCorrelationStore(readCorrelationState(path), now),
        baselines: memoryBaselineStore(readBaselineState(path), now),
      };
    }
    return opened;
  };
  const save = () => {
    const { incidents, correlations, baselines } = open();
    writeIncidentState(path, incidents.state(), correlations.state(), baselines.state());
  };
  return {
    incidents: {
      get: (keys) => open().incidents.get(keys),
      apply: async (write) => {
        const result = await open().incidents.apply(write);
        if (result === 'applied') save();
        return result;
      },
      applyAll: async (writes) => {
        const results = await open().incidents.applyAll(writes);
        if (results.includes('applied')) save();
        return results;
      },
      markSent: async (key, incidentId, stepIds) => {
        await open().incidents.markSent(key, incidentId, stepIds);
        save();
      },
      listOpen: () => open().incidents.listOpen(),
      markClosingsSent: async (key, closingIds) => {
        await open().incidents.markClosingsSent(key, closingIds);
        save();
      },
    },
    correlations: {
      get: (keys) => open().correlations.get(keys),
      apply: async (write) => {
        const result = await open().correlations.apply(write);
        if (result === 'applied') save();
        return result;
      },
      applyAll: async (writes) => {
        const results = await open().correlations.applyAll(writes);
        if (results.includes('applied')) save();
        return results;
      },
      keys: (correlationIds) => open().correlations.keys(correlationIds),
    },
    baselines: {
      read: (ids) => open().baselines.read(ids),
      claim: async (baseline) => {
        const created = await open().baselines.claim(baseline);
        if (created) save();
        return created;
      },
      extend: async (id, expiresAt) => {
        await open().baselines.extend(id, expiresAt);
        save();
      },
      noteStart: async (time) => {
        await open().baselines.noteStart(time);
        save();
      },
    },
  };
};
