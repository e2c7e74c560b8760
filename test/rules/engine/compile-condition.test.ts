import { describe, expect, it } from 'vitest';
import { compileCondition, type Condition, type MatchInput } from '../../../lib/rules/engine/condition.js';
import { compileFilterPattern } from '../../../lib/rules/languages/filter-pattern/filter-pattern.js';
import { NOT_SERVICE_OR_CONSOLE_CLAUSE } from '../../../lib/rules/pack/helpers.js';

/** A record with raw bytes whose head holds `head` (the identity fields read from the head). */
const inputOf = (head: Record<string, unknown>): MatchInput => ({
  head,
  hasBytes: true,
  path: () => undefined,
});

const CLI = 'aws-cli/2.15.30 md/awscrt#0.19.19 ua/2.0 os/linux';
const CONSOLE = 'Mozilla/5.0 (X11; Linux x86_64)';
const ALICE = 'arn:aws:iam::111122223333:user/alice';
const LINKED = 'arn:aws:sts::111122223333:assumed-role/AWSServiceRoleForSupport/x';

/** The condition with every leaf test counted. */
const counted = (condition: Condition): { condition: Condition; calls: () => number } => {
  let calls = 0;
  const wrap = (c: Condition): Condition => {
    switch (c.kind) {
      case 'const':
        return c;
      case 'and':
      case 'or':
        return { kind: c.kind, of: c.of.map(wrap) };
      case 'not':
        return { kind: 'not', of: wrap(c.of) };
      case 'leaf': {
        const test = c.test;
        return {
          ...c,
          test: (...values) => {
            calls++;
            return test(...values);
          },
        };
      }
    }
  };
  return { condition: wrap(condition), calls: () => calls };
};

describe('compileCondition over head fields only', () => {
  it('answers each combination of head values as its leaves do, whatever came before', () => {
    // Prepare
    const match = compileCondition(compileFilterPattern(`{ ${NOT_SERVICE_OR_CONSOLE_CLAUSE} }`));
    const heads: Array<[Record<string, unknown>, boolean]> = [
      [{ userIdentityType: 'IAMUser', userIdentityArn: ALICE, userAgent: CLI }, true],
      [{ userIdentityType: 'IAMUser', userIdentityArn: ALICE, userAgent: CONSOLE }, false],
      [{ userIdentityType: 'IAMUser', userIdentityArn: ALICE, userAgent: CLI, userIdentityInvokedBy: 'x' }, false],
      [{ userIdentityType: 'AWSService', userIdentityArn: ALICE, userAgent: CLI }, false],
      [{ userIdentityType: 'AssumedRole', userIdentityArn: LINKED, userAgent: CLI }, false],
      [{ userIdentityType: 'IAMUser', userAgent: CLI }, true],
      [{ userIdentityType: 'IAMUser', userAgent: 'AWS Internal' }, false],
      [{ userIdentityType: 'IAMUser', userIdentityArn: ALICE }, false],
    ];
    // Act: every combination three times, in turns, so each meets answers the others left
    const answers = [0, 1, 2].flatMap(() => heads.map(([head]) => match(inputOf({ ...head }))));
    // Assess
    expect(answers).toEqual([0, 1, 2].flatMap(() => heads.map(([, expected]) => expected)));
  });

  it('runs no leaf test again for a record whose head values were seen before', () => {
    // Prepare
    const { condition, calls } = counted(compileFilterPattern(`{ ${NOT_SERVICE_OR_CONSOLE_CLAUSE} }`));
    const match = compileCondition(condition);
    const head = { userIdentityType: 'IAMUser', userIdentityArn: ALICE, userAgent: CLI };
    match(inputOf({ ...head }));
    const first = calls();
    // Act
    const again = match(inputOf({ ...head }));
    // Assess
    expect(first).toBeGreaterThan(0);
    expect(again).toBe(true);
    expect(calls()).toBe(first);
  });

  it('runs the leaf tests again when one value changes beside the same ARN', () => {
    // Prepare
    const { condition, calls } = counted(compileFilterPattern(`{ ${NOT_SERVICE_OR_CONSOLE_CLAUSE} }`));
    const match = compileCondition(condition);
    match(inputOf({ userIdentityType: 'IAMUser', userIdentityArn: ALICE, userAgent: CLI }));
    const first = calls();
    // Act
    const console = match(inputOf({ userIdentityType: 'IAMUser', userIdentityArn: ALICE, userAgent: CONSOLE }));
    // Assess
    expect(console).toBe(false);
    expect(calls()).toBeGreaterThan(first);
  });
});
