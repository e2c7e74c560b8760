/**
 * Renders a JSON value the way a Python f-string renders the parsed value, for the few CLI
 * messages that embed digest fields (`None`, `True`, numbers, strings as is).
 */
export const pyStr = (value: unknown): string => {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
};
