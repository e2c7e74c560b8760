/**
 * The layering of trailwatch: for each area (a lib/ folder, a top-level lib/ file, or functions/),
 * the other areas it may import. An area missing here is an error: a new folder gets a row.
 *
 * lib/model is the ground floor: the shared types (the Log type among them) and nothing else.
 * Pure areas (rules, cloudtrail, digest, cost, insights, trails) import only the model floor, each
 * other where the design allows, and the Log type (lib/model) — never lib/aws. lib/aws holds the
 * AWS SDK adapters, lib/local the disk ones; lib/pipelines wires cores to adapters; lib/cli and
 * functions/ are the two entry points.
 */

/** Areas whose code is pure: no AWS SDK client, no adapter, so never lib/aws. */
export const PURE_AREAS: readonly string[] = [
  'lib/rules',
  'lib/cloudtrail',
  'lib/digest',
  'lib/cost',
  'lib/insights',
  'lib/trails',
  'lib/incidents',
];

/** Every lib area, in the order the table lists them. */
export const LIB_AREAS: readonly string[] = [
  'lib/model',
  'lib/logger',
  'lib/metrics',
  'lib/config',
  'lib/cloudtrail',
  'lib/sources',
  'lib/rules',
  'lib/digest',
  'lib/cost',
  'lib/insights',
  'lib/trails',
  'lib/incidents',
  'lib/context',
  'lib/ingest',
  'lib/alerts',
  'lib/aws',
  'lib/local',
  'lib/pipelines',
  'lib/cli',
];

const libAreasBut = (...left: string[]) => LIB_AREAS.filter((area) => !left.includes(area));

/** For each area, the areas it may import (imports inside an area are always allowed). */
export const ALLOWED_IMPORTS: Record<string, readonly string[]> = {
  'lib/model': [],
  'lib/logger': ['lib/model'],
  // The Powertools Metrics adapter behind the model's Metrics port (EMF lines on stdout).
  'lib/metrics': ['lib/model'],
  // The settings loader types each section with the type of the area that uses it.
  'lib/config': ['lib/model', 'lib/alerts', 'lib/cost', 'lib/digest', 'lib/rules', 'lib/trails'],
  'lib/cloudtrail': ['lib/model'],
  'lib/sources': ['lib/model', 'lib/cloudtrail'],
  'lib/rules': ['lib/model', 'lib/cloudtrail'],
  'lib/digest': ['lib/model', 'lib/cloudtrail'],
  'lib/cost': ['lib/model'],
  'lib/insights': ['lib/model', 'lib/cost'],
  'lib/trails': ['lib/model'],
  // Incidents: folding matches into their causes across files, pure; the store is a model port.
  'lib/incidents': ['lib/model'],
  // Offline IP context: its databases' formats and lookups, and the reading of their files.
  'lib/context': ['lib/model'],
  'lib/ingest': ['lib/model', 'lib/cloudtrail', 'lib/rules'],
  // Delivery: the sinks call the SNS and EventBridge adapters and log through the Powertools logger.
  'lib/alerts': ['lib/model', 'lib/cloudtrail', 'lib/logger', 'lib/aws'],
  // The adapters implement the pure areas' ports; they never reach delivery, settings or flows.
  'lib/aws': [
    'lib/model',
    'lib/cloudtrail',
    'lib/sources',
    'lib/digest',
    'lib/trails',
    'lib/cost',
    'lib/insights',
    'lib/incidents',
  ],
  'lib/local': [
    'lib/model',
    'lib/cloudtrail',
    'lib/digest',
    'lib/trails',
    'lib/cost',
    'lib/ingest',
    'lib/rules',
    'lib/incidents',
  ],
  // Flows take ports (object store, alert sink, clock, snapshot fetcher, log, metrics): adapters and settings come in from the entry points.
  'lib/pipelines': libAreasBut(
    'lib/pipelines',
    'lib/cli',
    'lib/aws',
    'lib/local',
    'lib/config',
    'lib/logger',
    'lib/metrics'
  ),
  'lib/cli': libAreasBut('lib/cli'),
  // Handlers build the adapters and the rule engine once per cold start and hand the event to one flow;
  // local runs without a table keep incidents in a lib/local state file.
  functions: [
    'lib/model',
    'lib/config',
    'lib/logger',
    'lib/metrics',
    'lib/pipelines',
    'lib/aws',
    'lib/local',
    'lib/sources',
    'lib/alerts',
    'lib/rules',
    'lib/context',
  ],
};

/** Top-level folders lib/ never imports from: entry points, tooling and tests depend on lib, not the reverse. */
export const OUTSIDE_LIB: readonly string[] = ['functions', 'bin', 'scripts', 'bench', 'test', 'tools'];

/** The only area that may import lib/cli. */
export const CLI_AREA = 'lib/cli';

/** Markers in docs/architecture.md around the rendered table. */
export const TABLE_MARKERS = {
  start: '<!-- allowed-imports:start -->',
  end: '<!-- allowed-imports:end -->',
} as const;

/** Renders the table as Markdown: one row per area, `area | may import`. */
export const renderAllowedImportsTable = (table: Record<string, readonly string[]> = ALLOWED_IMPORTS): string => {
  const code = (area: string) => `\`${area}\``;
  const rows = Object.entries(table).map(
    ([area, allowed]) => `| ${code(area)} | ${allowed.length === 0 ? 'nothing' : allowed.map(code).join(', ')} |`
  );
  return ['| area | may import |', '|---|---|', ...rows].join('\n');
};

/** The text between the table markers of a document, or undefined when either marker is missing. */
export const readMarkedTable = (doc: string): string | undefined => {
  const start = doc.indexOf(TABLE_MARKERS.start);
  const end = doc.indexOf(TABLE_MARKERS.end);
  if (start < 0 || end < start) return undefined;
  return doc.slice(start + TABLE_MARKERS.start.length, end).trim();
};

/** The document with the rendered table spliced between its markers; throws when the markers are missing. */
export const spliceAllowedImportsTable = (doc: string, table: string = renderAllowedImportsTable()): string => {
  const start = doc.indexOf(TABLE_MARKERS.start);
  const end = doc.indexOf(TABLE_MARKERS.end);
  if (start < 0 || end < start) {
    throw new Error(`expected ${TABLE_MARKERS.start} … ${TABLE_MARKERS.end} in the document`);
  }
  return `${doc.slice(0, start + TABLE_MARKERS.start.length)}\n${table}\n${doc.slice(end)}`;
};
