import { RE2JS } from 're2js';
import type { StringTest } from './glob.js';

/** Flags a user regex may carry. */
export type RegexFlags = { ignoreCase?: boolean; multiline?: boolean; dotAll?: boolean };

/**
 * Compiles a user-supplied regular expression with RE2 (linear time: no catastrophic
 * backtracking can hang a Lambda). The test is a search: anchor with `^…$` to match whole values.
 * @param source - the expression
 * @param flags - case, multiline and dot-all flags
 * @returns a search test
 * @throws Error with RE2's reason when the expression is invalid or uses what RE2 lacks
 *   (backreferences, lookaround); callers turn it into a RuleLoadError with file and line
 */
export const compileRegex = (source: string, flags: RegexFlags = {}): StringTest => {
  const re = RE2JS.compile(
    source,
    (flags.ignoreCase ? RE2JS.CASE_INSENSITIVE : 0) |
      (flags.multiline ? RE2JS.MULTILINE : 0) |
      (flags.dotAll ? RE2JS.DOTALL : 0)
  );
  return (value) => re.test(value);
};
