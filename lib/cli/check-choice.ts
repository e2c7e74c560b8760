/**
 * Checks a flag's value against the values it allows.
 * @param flag - the flag as typed (`--format`)
 * @param value - the value given, or undefined when the flag was left out
 * @param allowed - the values the flag takes
 * @returns undefined when the value is allowed (or absent), else a problem naming the value and
 * the allowed ones: `--format must be one of table, json, got 'xml'`
 */
export const checkChoice = (flag: string, value: string | undefined, allowed: readonly string[]): string | undefined =>
  value === undefined || allowed.includes(value)
    ? undefined
    : `${flag} must be one of ${allowed.join(', ')}, got '${value}'`;
