import type { Template } from './package-stack.js';

/** What the pseudo parameters stand for in the rendered grants. */
const PSEUDO: Record<string, string> = {
  'AWS::Partition': 'aws',
  'AWS::Region': 'us-east-1',
  'AWS::AccountId': '111122223333',
};
const NO_VALUE = Symbol('AWS::NoValue');

/**
 * Whether a condition of the template holds for a deployment with the parameters' defaults (the
 * values `--param` gave them): Fn::Equals, Fn::Not, Fn::And, Fn::Or and Condition.
 */
export const conditionHolds = (template: Template, name: string): boolean => {
  const condition = template.Conditions[name];
  if (condition === undefined) throw new Error(`no condition ${name}`);
  return evaluate(template, condition);
};

const evaluate = (template: Template, condition: unknown): boolean => {
  const c = condition as Record<string, unknown[] | string>;
  if (Array.isArray(c['Fn::Equals'])) {
    const [a, b] = c['Fn::Equals'].map((v) => render(template, v));
    return a === b;
  }
  if (Array.isArray(c['Fn::Not'])) return !evaluate(template, c['Fn::Not'][0]);
  if (Array.isArray(c['Fn::And'])) return c['Fn::And'].every((v) => evaluate(template, v));
  if (Array.isArray(c['Fn::Or'])) return c['Fn::Or'].some((v) => evaluate(template, v));
  if (typeof c.Condition === 'string') return conditionHolds(template, c.Condition);
  throw new Error(`cannot evaluate condition ${JSON.stringify(condition)}`);
};

const ref = (template: Template, id: string): unknown => {
  if (id === 'AWS::NoValue') return NO_VALUE;
  if (PSEUDO[id] !== undefined) return PSEUDO[id];
  const parameter = template.Parameters[id];
  if (parameter) return String(parameter.Default ?? '');
  return `<${id}>`;
};

/**
 * A value of the template as a deployment with the parameters' defaults would see it: pseudo
 * parameters and parameters resolved, Fn::Sub, Fn::Join, Fn::Split and Fn::If applied, AWS::NoValue dropped; a
 * Ref to a resource reads `<Id>`, a Fn::GetAtt `<Id.Attribute>`.
 */
export const render = (template: Template, value: unknown): unknown => {
  if (Array.isArray(value)) return value.map((v) => render(template, v)).filter((v) => v !== NO_VALUE);
  if (typeof value !== 'object' || value === null) return value;
  const v = value as Record<string, unknown>;
  if (typeof v.Ref === 'string') return ref(template, v.Ref);
  if (Array.isArray(v['Fn::GetAtt'])) return `<${v['Fn::GetAtt'].join('.')}>`;
  if (v['Fn::Sub'] !== undefined) {
    const [text, variables = {}] = (Array.isArray(v['Fn::Sub']) ? v['Fn::Sub'] : [v['Fn::Sub']]) as [
      string,
      Record<string, unknown>?,
    ];
    return text.replace(/\$\{([^}]+)\}/g, (_, name: string) =>
      name in variables
        ? String(render(template, variables[name]))
        : name.includes('.')
          ? `<${name}>`
          : String(ref(template, name))
    );
  }
  if (Array.isArray(v['Fn::Join'])) {
    const [separator, parts] = v['Fn::Join'] as [string, unknown[]];
    return (render(template, parts) as unknown[]).join(separator);
  }
  if (Array.isArray(v['Fn::Split'])) {
    const [separator, text] = v['Fn::Split'] as [string, unknown];
    return String(render(template, text)).split(separator);
  }
  if (Array.isArray(v['Fn::If'])) {
    const [condition, yes, no] = v['Fn::If'] as [string, unknown, unknown];
    return render(template, conditionHolds(template, condition) ? yes : no);
  }
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(v)) {
    const rendered = render(template, inner);
    if (rendered !== NO_VALUE) out[key] = rendered;
  }
  return out;
};

type Statement = { Effect: string; Action: string | string[]; Resource: string | string[]; Condition?: unknown };

const conditionText = (condition: unknown): string =>
  Object.entries(condition as Record<string, Record<string, unknown>>)
    .flatMap(([operator, keys]) =>
      Object.entries(keys).map(([key, value]) => ` if ${operator} ${key} ${[value].flat().join(',')}`)
    )
    .join('');

/**
 * Every grant a role holds in a deployment with the parameters' defaults, one `action resource`
 * line each (` if <operator> <key> <value>` when the statement has a condition), sorted: its inline
 * policies and every AWS::IAM::Policy attached to it whose condition holds.
 */
export const grantsOf = (template: Template, roleId: string): string[] => {
  const role = template.Resources[roleId];
  if (role?.Type !== 'AWS::IAM::Role') throw new Error(`no role ${roleId}`);
  const documents = (render(template, role.Properties?.Policies ?? []) as Array<{ PolicyDocument: unknown }>).map(
    (p) => p.PolicyDocument
  );
  for (const resource of Object.values(template.Resources)) {
    if (resource.Type !== 'AWS::IAM::Policy') continue;
    if (resource.Condition !== undefined && !conditionHolds(template, resource.Condition)) continue;
    const properties = render(template, resource.Properties) as { Roles: string[]; PolicyDocument: unknown };
    if (properties.Roles.includes(`<${roleId}>`)) documents.push(properties.PolicyDocument);
  }
  return documents
    .flatMap((d) => (d as { Statement: Statement[] }).Statement)
    .flatMap((s) => {
      if (s.Effect !== 'Allow') throw new Error(`unexpected ${s.Effect} statement`);
      const suffix = s.Condition === undefined ? '' : conditionText(s.Condition);
      return [s.Action].flat().flatMap((action) => [s.Resource].flat().map((r) => `${action} ${r}${suffix}`));
    })
    .sort();
};

/** The role a function runs with: the logical id its `Role` names. */
export const roleOf = (template: Template, functionId: string): string => {
  const role = template.Resources[functionId]?.Properties?.Role as { 'Fn::GetAtt'?: [string, string] } | undefined;
  const id = role?.['Fn::GetAtt']?.[0];
  if (id === undefined) throw new Error(`${functionId} names no role of the template: ${JSON.stringify(role)}`);
  return id;
};
