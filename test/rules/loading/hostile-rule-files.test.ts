import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_RULE_FILE_BYTES } from '../../../lib/rules/constants.js';
import { RuleSetLoadError } from '../../../lib/rules/errors.js';
import { firstInvalidUtf8 } from '../../../lib/rules/loading/first-invalid-utf8.js';
import { compiledBuiltinRules, loadRuleSet, loadUsableRuleSet } from '../../../lib/rules/loading/load-rule-set.js';
import { RuleEngine } from '../../../lib/rules/engine/rule-engine.js';
import { record } from '../helpers.js';

const HOSTILE = 'test/fixtures/rules/hostile';

/** A file just over the size limit, written at test time (a fixture that large has no place in the repository). */
const hugeFolder = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'trailwatch-huge-'));
  const line = '# padding padding padding padding padding padding padding padding\n';
  const head = 'id: huge\ntitle: Huge\nseverity: low\neventName: StopLogging\n';
  writeFileSync(join(dir, 'huge.yml'), head + line.repeat(Math.ceil(MAX_RULE_FILE_BYTES / line.length)));
  return dir;
};

type Outcome = { kind: 'invalid' | 'refused'; line: number; reason: string | RegExp };
const invalid = (line: number, reason: string | RegExp): Outcome => ({ kind: 'invalid', line, reason });
const refused = (line: number, reason: string | RegExp): Outcome => ({ kind: 'refused', line, reason });

/** What each hostile file must give: refused or invalid, at which line, and why. */
const EXPECTED: Record<string, Outcome> = {
  'alias-bomb.yml': invalid(7, /^YAML aliases expand beyond 100 nodes/),
  'unresolved-alias.yml': invalid(4, /^invalid YAML: Unresolved alias .*: nowhere$/),
  'deep-nesting.yml': invalid(4, 'invalid YAML: nested too deeply to read'),
  'invalid-utf8.yml': invalid(2, 'not UTF-8 text: byte 0xe9 at offset 27 (save the file as UTF-8)'),
  'overlong-utf8.yml': invalid(4, /^not UTF-8 text: byte 0xc0 at offset 52/),
  'binary.yml': invalid(2, /^invalid YAML: /),
  'huge.yml': invalid(1, /^file is \d+ bytes, more than a rule file may hold \(1048576 bytes\)/),
  'sigma-filter.yml': refused(
    8,
    'no effect: the filter names no loaded Sigma rule (4db60cc0-36fb-42b7-9b58-a5b53019fb74)'
  ),
  'sigma-collection.yml': refused(8, 'multi-document Sigma rule collections are not supported; one rule per file'),
  'two-rules.yml': invalid(6, 'one rule per file: found 2 YAML documents, the second starts here'),
  'list-document.yml': invalid(1, /^expected a mapping .*, got a list$/),
  'scalar-document.yml': invalid(1, /^expected a mapping .*, got a string$/),
  'number-document.yml': invalid(2, /^expected a mapping .*, got a number$/),
  'unknown-document.yml': invalid(1, /^not a trailwatch rule/),
  'rule-id-number.yml': invalid(1, "id must be kebab-case (a-z, 0-9, '-'), got 42"),
  'rule-title-list.yml': invalid(2, 'title is required, as non-empty text'),
  'rule-description-map.yml': invalid(3, 'description must be text'),
  'rule-severity-list.yml': invalid(3, /^severity must be one of .*, got \["high"\]$/),
  'rule-severity-constructor.yml': invalid(3, /^severity must be one of .*, got "constructor"$/),
  'rule-tags-string.yml': invalid(4, 'tags must be a list of strings'),
  'rule-references-number.yml': invalid(4, 'references must be a list of URLs'),
  'rule-event-source-map.yml': invalid(4, 'eventSource must be a string or a list of strings'),
  'rule-event-name-numbers.yml': invalid(4, 'eventName must be a string or a list of strings'),
  'rule-match-string.yml': invalid(4, /^a condition must be a mapping/),
  'rule-match-operand-map.yml': invalid(6, "'prefix' needs a string or a list of strings"),
  'rule-pattern-number.yml': invalid(4, 'pattern must be a string'),
  'rule-dedup-map.yml': invalid(5, 'dedup must be a field path or a list of field paths'),
  'rule-threshold-string.yml': invalid(5, 'threshold must be a mapping { count, window }'),
  'rule-threshold-list.yml': invalid(5, 'threshold must be a mapping { count, window }'),
  'rule-threshold-count-text.yml': invalid(6, 'threshold.count must be a positive integer'),
  'rule-threshold-window-list.yml': invalid(7, /^threshold.window \["10m"\] is not a duration/),
  'rule-window-list.yml': invalid(5, /^window \["1h"\] is not a duration/),
  'rule-window-map.yml': invalid(5, /^window \{"h":1\} is not a duration/),
  'rule-proto-key.yml': invalid(6, /^unknown key '__proto__'/),
  'rule-duplicate-key.yml': invalid(4, 'invalid YAML: Map keys must be unique'),
  'suppressions-list-map.yml': invalid(2, 'suppressions must be a list of entries'),
  'suppressions-entry-string.yml': invalid(2, 'a suppression must be a mapping'),
  'suppressions-id-number.yml': invalid(2, /^a suppression needs a kebab-case id/),
  'suppressions-reason-list.yml': invalid(3, 'a suppression needs a reason'),
  'suppressions-principal-map.yml': invalid(4, 'principal must be a string or a non-empty list of strings'),
  'suppressions-source-ip-list-of-maps.yml': invalid(4, 'sourceIp must be a string or a non-empty list of strings'),
  'suppressions-match-list.yml': invalid(4, /^a condition must be a mapping/),
  'suppressions-expires-list.yml': invalid(5, 'expires must be a date (YYYY-MM-DD or ISO 8601)'),
  'sigma-title-list.yml': invalid(1, 'Sigma rule has no title'),
  'sigma-id-number.yml': invalid(2, 'id must be text'),
  'sigma-description-list.yml': invalid(2, 'description must be text'),
  'sigma-tags-string.yml': invalid(2, 'tags must be a list of strings'),
  'sigma-references-map.yml': invalid(2, 'references must be a list of strings'),
  'sigma-level-map.yml': invalid(2, /^level must be one of informational, .*, got \{"x":1\}$/),
  'sigma-level-constructor.yml': invalid(2, /^level must be one of informational, .*, got "constructor"$/),
  'sigma-logsource-string.yml': invalid(2, 'logsource must be a mapping (product, service, category)'),
  'sigma-detection-list.yml': invalid(6, 'detection must be a mapping of searches and a condition'),
  'sigma-condition-number.yml': invalid(8, 'detection.condition must be a string (or a list of strings)'),
  'sigma-value-map.yml': refused(7, 'value {"a":"b"} is neither text, number, boolean nor null'),
};

describe('hostile rule files', () => {
  it('has an expectation for every fixture', () => {
    // Assess
    expect(readdirSync(HOSTILE).concat('huge.yml').sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  it('refuses each hostile file with its file, line and reason, and loads nothing from it', () => {
    // Act
    const set = loadUsableRuleSet({ dirs: [HOSTILE, hugeFolder()] });
    // Assess
    const outcomes = [
      ...set.invalid.map((e) => ({ file: e.file, kind: 'invalid', line: e.line, reason: e.reason })),
      ...set.refused.map((r) => ({ file: r.file, kind: 'refused', line: r.line, reason: r.reason })),
    ];
    expect(outcomes.map((o) => basename(o.file)).sort()).toEqual(Object.keys(EXPECTED).sort());
    for (const outcome of outcomes) {
      const expected = EXPECTED[basename(outcome.file)] as Outcome;
      expect(outcome, basename(outcome.file)).toEqual({
        file: outcome.file,
        kind: expected.kind,
        line: expected.line,
        reason: typeof expected.reason === 'string' ? expected.reason : expect.stringMatching(expected.reason),
      });
    }
    expect(set.rules.filter((r) => r.meta.file.startsWith(HOSTILE))).toEqual([]);
    expect(set.suppressions).toEqual([]);
  });

  it('keeps every built-in rule loaded and detecting beside the hostile files', () => {
    // Prepare
    const set = loadUsableRuleSet({ dirs: [HOSTILE] });
    const engine = new RuleEngine(set.rules, { suppressions: set.suppressions });
    // Act
    const alerts = engine.evaluateRecord(
      record({
        eventSource: 'cloudtrail.amazonaws.com',
        eventName: 'StopLogging',
        requestParameters: { name: 'arn:aws:cloudtrail:us-east-1:111122223333:trail/management-events' },
      })
    );
    // Assess
    expect(set.rules.map((r) => r.meta.id)).toEqual(compiledBuiltinRules().map((r) => r.meta.id));
    expect(alerts.map((a) => a.ruleId)).toContain('cloudtrail-logging-stopped');
  });

  it('fails the strict load the CLI uses with every invalid file listed', () => {
    // Act
    let error: unknown;
    try {
      loadRuleSet({ dirs: [HOSTILE] });
    } catch (e) {
      error = e;
    }
    // Assess
    expect(error).toBeInstanceOf(RuleSetLoadError);
    expect((error as RuleSetLoadError).errors).toHaveLength(
      Object.values(EXPECTED).filter((o) => o.kind === 'invalid').length - 1
    );
  });
});

describe('firstInvalidUtf8', () => {
  it.each([
    ['ASCII', [0x61, 0x62], -1],
    ['two-, three- and four-byte characters', [0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80], -1],
    ['a Latin-1 byte', [0x61, 0xe9, 0x62], 1],
    ['an overlong slash', [0xc0, 0xaf], 0],
    ['a UTF-16 surrogate', [0x61, 0xed, 0xa0, 0x80], 1],
    ['a code point above U+10FFFF', [0xf4, 0x90, 0x80, 0x80], 0],
    ['a sequence cut short at the end', [0x61, 0xe2, 0x82], 1],
    ['a lone continuation byte', [0x80], 0],
  ])('finds %s at %i', (_name, bytes, offset) => {
    // Act
    const found = firstInvalidUtf8(Uint8Array.from(bytes));
    // Assess
    expect(found).toBe(offset);
  });
});
