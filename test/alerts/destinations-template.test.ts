import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { putEventsEntry } from '../../lib/alerts/eventbridge-sink.js';
import type { Alert } from '../../lib/model/alert.js';
import { SAMPLE_BUCKET } from '../../tools/sample/envelopes.js';
import { runCli } from '../helpers/cli.js';
import { EVENTS } from '../helpers/events.js';
import { packageStack, type Template } from '../helpers/package-stack.js';
import { conditionHolds, grantsOf, render, roleOf } from '../helpers/template-grants.js';
import { makeAlert } from './make-alert.js';

const PACKAGING = 180_000;
const SLACK = 'https://hooks.slack.com/services/T000/B000/XXXXXXXXXXXXXXXXXXXXXXXX';
const TEAMS = 'https://prod-00.westus.logic.azure.com/workflows/abc/triggers/manual/paths/invoke?sig=xyz';
const ROUTING_KEY = 'R0123456789abcdef0123456789abcde';
const DESTINATION_RESOURCES = [
  'DestinationsConnection',
  'DestinationsRole',
  'SlackApiDestination',
  'SlackRule',
  'TeamsApiDestination',
  'TeamsRule',
  'PagerDutyApiDestination',
  'PagerDutyIncidentRule',
  'PagerDutyOneOffRule',
];
const FUNCTIONS = ['ingest', 'verify', 'heartbeat', 'rollup', 'realtime', 'logs', 'audit', 'judge'];
const functionId = (fn: string) => `${fn[0]?.toUpperCase()}${fn.slice(1)}LambdaFunction`;

type Event = Record<string, unknown> & { detail: Record<string, unknown> };

/** The event EventBridge delivers for an alert the EventBridge sink puts on the bus. */
const eventOf = (alert: Alert): Event => {
  const entry = putEventsEntry(alert, 'default');
  return {
    version: '0',
    id: '7bf73129-1428-4cd3-a780-95db273d1602',
    'detail-type': entry.DetailType,
    source: entry.Source,
    account: '111122223333',
    time: '2026-01-02T03:10:00Z',
    region: 'us-east-1',
    resources: entry.Resources ?? [],
    detail: JSON.parse(entry.Detail ?? '{}') as Record<string, unknown>,
  };
};

const valueAt = (event: unknown, path: string): unknown => {
  if (!path.startsWith('$.')) throw new Error(`unsupported path ${path}`);
  return path
    .slice(2)
    .split('.')
    .reduce<unknown>(
      (at, key) => (typeof at === 'object' && at !== null ? (at as Record<string, unknown>)[key] : undefined),
      event
    );
};

/**
 * EventBridge's input transformer (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-transform-target-input.html):
 * each `<name>` of the template is replaced by the value its InputPathsMap path selects. Inside a
 * JSON string a string value goes in as it is (EventBridge does not escape it) and an object or
 * array without its quotes; outside a string a value goes in as JSON. A path the event does not
 * have leaves the variable unset: nothing inside a string; outside a string this evaluator throws,
 * since the output would not be JSON.
 */
const transform = (transformer: { InputPathsMap: Record<string, string>; InputTemplate: string }, event: Event) => {
  let out = '';
  let inString = false;
  const t = transformer.InputTemplate;
  for (let i = 0; i < t.length; i++) {
    const c = t[i] as string;
    if (c === '"' && t[i - 1] !== '\\') inString = !inString;
    const m = c === '<' ? /^<([A-Za-z0-9_.-]+)>/.exec(t.slice(i)) : null;
    if (m === null) {
      out += c;
      continue;
    }
    const name = m[1] as string;
    const path = transformer.InputPathsMap[name];
    if (path === undefined) throw new Error(`<${name}> is not in InputPathsMap`);
    const value = valueAt(event, path);
    if (value === undefined && !inString) throw new Error(`<${name}> is unset outside a string`);
    out +=
      value === undefined
        ? ''
        : inString
          ? typeof value === 'object'
            ? JSON.stringify(value).replaceAll('"', '')
            : String(value)
          : JSON.stringify(value);
    i += m[0].length - 1;
  }
  return JSON.parse(out) as Record<string, unknown>;
};

/** Whether an EventBridge pattern of `source`, `detail.severity` and `detail.incidentId` exists matches. */
const matches = (pattern: Record<string, unknown>, event: Event): boolean => {
  const detail = (pattern.detail ?? {}) as Record<string, unknown[]>;
  if (!(pattern.source as unknown[]).includes(event.source)) return false;
  return Object.entries(detail).every(([field, allowed]) =>
    allowed.some((a) =>
      typeof a === 'object' && a !== null && 'exists' in a
        ? (event.detail[field] !== undefined) === (a as { exists: boolean }).exists
        : a === event.detail[field]
    )
  );
};

const transformerOf = (template: Template, rule: string) => {
  const targets = render(template, template.Resources[rule]?.Properties?.Targets) as Array<{
    InputTransformer: { InputPathsMap: Record<string, string>; InputTemplate: string };
  }>;
  const [target] = targets;
  if (target === undefined) throw new Error(`${rule} has no target`);
  return target.InputTransformer;
};

/** Applies Fn::FindInMap (which `render` leaves alone) with the template's Mappings. */
const withMappings = (template: Template, value: unknown): unknown => {
  if (Array.isArray(value)) return value.map((v) => withMappings(template, v));
  if (typeof value !== 'object' || value === null) return value;
  const v = value as Record<string, unknown>;
  if (Array.isArray(v['Fn::FindInMap'])) {
    const [map, key, attribute] = v['Fn::FindInMap'].map((part) => String(render(template, part)));
    const mappings = (template as Template & { Mappings: Record<string, Record<string, Record<string, unknown>>> })
      .Mappings;
    return mappings[map as string]?.[key as string]?.[attribute as string];
  }
  return Object.fromEntries(Object.entries(v).map(([k, inner]) => [k, withMappings(template, inner)]));
};

const patternOf = (template: Template, rule: string) =>
  render(template, withMappings(template, template.Resources[rule]?.Properties?.EventPattern)) as Record<
    string,
    unknown
  >;

describe('destinations in the packaged stack (npx osls package)', () => {
  let off: Template;
  let on: Template;
  let slackOnly: Template;
  let notifications: Alert[];
  let oneOff: Alert;
  beforeAll(async () => {
    [off, on, slackOnly] = await Promise.all([
      packageStack(),
      packageStack({
        securityHub: 'true',
        slackWebhookUrl: SLACK,
        slackMinSeverity: 'medium',
        teamsWebhookUrl: TEAMS,
        pagerDutyRoutingKey: ROUTING_KEY,
        pagerDutyMinSeverity: 'high',
        pagerDutySeverity: 'error',
      }),
      packageStack({ slackWebhookUrl: SLACK }),
    ]);
    const run = await runCli(['detect', join(EVENTS, 'objects', SAMPLE_BUCKET)]);
    notifications = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Alert)
      .filter((a) => a.incidentId !== undefined);
    oneOff = makeAlert({ category: 'integrity', ruleId: 'digest-invalid', severity: 'critical', principal: undefined });
  }, PACKAGING);

  it('has no destination and no Security Hub grant by default', () => {
    // Act
    const exists = DESTINATION_RESOURCES.filter((id) => {
      const condition = off.Resources[id]?.Condition;
      return condition === undefined || conditionHolds(off, condition);
    });
    // Assess
    expect(exists).toEqual([]);
    expect(conditionHolds(off, 'SecurityHubOn')).toBe(false);
    for (const fn of FUNCTIONS) {
      expect(grantsOf(off, roleOf(off, functionId(fn))).filter((g) => g.startsWith('securityhub:'))).toEqual([]);
      const variables = off.Resources[functionId(fn)]?.Properties?.Environment as {
        Variables: Record<string, unknown>;
      };
      expect(render(off, variables.Variables.ALERT_SECURITY_HUB)).toBe('false');
    }
  });

  it('lets every function import findings into its own default product with securityHub=true', () => {
    // Assess
    for (const fn of FUNCTIONS) {
      expect(grantsOf(on, roleOf(on, functionId(fn)))).toContain(
        'securityhub:BatchImportFindings arn:aws:securityhub:us-east-1:111122223333:product/111122223333/default'
      );
      const variables = on.Resources[functionId(fn)]?.Properties?.Environment as { Variables: Record<string, unknown> };
      expect(render(on, variables.Variables.ALERT_SECURITY_HUB)).toBe('true');
      expect(render(on, variables.Variables.ALERT_SECURITY_HUB_ACCOUNT)).toBe('111122223333');
    }
  });

  it('deploys the hourly incident sweep, the one role that may resolve findings, only with securityHub=true', () => {
    // Prepare
    const sweep = (template: Template) =>
      Object.keys(template.Resources).filter((id) => id.startsWith('CloseIncidents'));
    const resolvers = (template: Template) =>
      Object.entries(template.Resources)
        .filter(
          ([, r]) => r.Type === 'AWS::IAM::Role' && (r.Condition === undefined || conditionHolds(template, r.Condition))
        )
        .filter(([id]) => grantsOf(template, id).some((g) => g.startsWith('securityhub:BatchUpdateFindings')))
        .map(([id]) => id);
    // Act
    const offExisting = sweep(off).filter((id) => conditionHolds(off, off.Resources[id]?.Condition ?? 'none'));
    // Assess
    expect(sweep(off)).toEqual(
      expect.arrayContaining([
        'CloseIncidentsLambdaFunction',
        'CloseIncidentsSchedule',
        'CloseIncidentsSchedulePermission',
        'CloseIncidentsFunctionRole',
      ])
    );
    for (const id of sweep(off)) expect([id, off.Resources[id]?.Condition]).toEqual([id, 'SecurityHubOn']);
    expect(offExisting).toEqual([]);
    expect(resolvers(off)).toEqual([]);
    expect(resolvers(on)).toEqual(['CloseIncidentsFunctionRole']);
    expect(render(on, on.Resources.CloseIncidentsSchedule?.Properties)).toMatchObject({
      ScheduleExpression: 'rate(1 hour)',
      Targets: [{ Arn: '<CloseIncidentsLambdaFunction.Arn>' }],
    });
    expect(roleOf(on, 'CloseIncidentsLambdaFunction')).toBe('CloseIncidentsFunctionRole');
    expect(grantsOf(on, 'CloseIncidentsFunctionRole')).toEqual([
      'dynamodb:BatchGetItem <IncidentTable.Arn>',
      'dynamodb:PutItem <IncidentTable.Arn> if ForAnyValue:StringEquals dynamodb:EnclosingOperation TransactWriteItems',
      'dynamodb:Scan <IncidentTable.Arn>',
      'dynamodb:UpdateItem <IncidentTable.Arn>',
      'logs:CreateLogStream arn:aws:logs:us-east-1:111122223333:log-group:/aws/lambda/trailwatch-dev-closeIncidents:*',
      'logs:PutLogEvents arn:aws:logs:us-east-1:111122223333:log-group:/aws/lambda/trailwatch-dev-closeIncidents:*',
      'securityhub:BatchUpdateFindings arn:aws:securityhub:us-east-1:111122223333:hub/default',
      'sqs:SendMessage <AlertsDeadLetterQueue.Arn>',
    ]);
    const variables = on.Resources.CloseIncidentsLambdaFunction?.Properties?.Environment as {
      Variables: Record<string, unknown>;
    };
    expect(render(on, variables.Variables.INCIDENT_TABLE)).toBe('<IncidentTable>');
    expect(render(on, variables.Variables.ALERT_SECURITY_HUB)).toBe('true');
  });

  it('creates each destination, and a role that may invoke exactly those, when its parameter is set', () => {
    // Act
    const exists = (template: Template) =>
      DESTINATION_RESOURCES.filter((id) => conditionHolds(template, template.Resources[id]?.Condition as string));
    // Assess
    expect(exists(on)).toEqual(DESTINATION_RESOURCES);
    expect(exists(slackOnly)).toEqual([
      'DestinationsConnection',
      'DestinationsRole',
      'SlackApiDestination',
      'SlackRule',
    ]);
    expect(grantsOf(on, 'DestinationsRole')).toEqual([
      'events:InvokeApiDestination <PagerDutyApiDestination.Arn>',
      'events:InvokeApiDestination <SlackApiDestination.Arn>',
      'events:InvokeApiDestination <TeamsApiDestination.Arn>',
    ]);
    expect(grantsOf(slackOnly, 'DestinationsRole')).toEqual(['events:InvokeApiDestination <SlackApiDestination.Arn>']);
    expect(render(on, on.Resources.DestinationsRole?.Properties?.AssumeRolePolicyDocument)).toMatchObject({
      Statement: [{ Principal: { Service: 'events.amazonaws.com' }, Action: 'sts:AssumeRole' }],
    });
    for (const rule of ['SlackRule', 'TeamsRule', 'PagerDutyIncidentRule', 'PagerDutyOneOffRule'])
      expect(render(on, on.Resources[rule]?.Properties?.Targets)).toEqual([
        expect.objectContaining({ RoleArn: '<DestinationsRole.Arn>', RetryPolicy: expect.any(Object) }),
      ]);
    expect(render(on, on.Resources.SlackApiDestination?.Properties?.InvocationEndpoint)).toBe(SLACK);
    expect(render(on, on.Resources.PagerDutyApiDestination?.Properties?.InvocationEndpoint)).toBe(
      'https://events.pagerduty.com/v2/enqueue'
    );
  });

  it('matches alert events at or above each minimum severity on the alert bus', () => {
    // Prepare
    const severities = ['info', 'low', 'medium', 'high', 'critical'] as const;
    const events = severities.map((severity) => eventOf(makeAlert({ severity, incidentId: 'i1' })));
    // Act
    const matched = (rule: string) =>
      events.filter((e) => matches(patternOf(on, rule), e)).map((e) => e.detail.severity);
    // Assess
    expect(render(on, on.Resources.SlackRule?.Properties?.EventBusName)).toBe('default');
    expect(matched('SlackRule')).toEqual(['medium', 'high', 'critical']);
    expect(matched('TeamsRule')).toEqual(['high', 'critical']);
    expect(matched('PagerDutyIncidentRule')).toEqual(['high', 'critical']);
    expect(matched('PagerDutyOneOffRule')).toEqual([]);
    expect(matches(patternOf(on, 'PagerDutyOneOffRule'), eventOf(oneOff))).toBe(true);
    expect(matches(patternOf(on, 'PagerDutyIncidentRule'), eventOf(oneOff))).toBe(false);
  });

  it('turns each alert event into a Slack incoming-webhook message', () => {
    for (const alert of [...notifications, oneOff]) {
      // Act
      const message = transform(transformerOf(on, 'SlackRule'), eventOf(alert));
      // Assess: text, and Block Kit blocks within Slack's limits
      expect(message.text).toEqual(expect.stringContaining(`[${alert.severity}] ${alert.title}`));
      const blocks = message.blocks as Array<Record<string, unknown>>;
      expect(blocks.map((b) => b.type)).toEqual(['header', 'section', 'context']);
      const header = blocks[0]?.text as { type: string; text: string };
      expect(header.type).toBe('plain_text');
      expect(header.text.length).toBeLessThanOrEqual(150);
      const fields = blocks[1]?.fields as Array<{ type: string; text: string }>;
      expect(fields.length).toBeLessThanOrEqual(10);
      for (const field of fields) expect(field).toEqual({ type: 'mrkdwn', text: expect.stringMatching(/^\*.+\*\n/) });
      expect(fields[0]?.text).toBe(`*Incident*\n${alert.lifecycle ?? ''}, count ${alert.count}`);
    }
    expect(notifications.length).toBeGreaterThan(2);
  });

  it('turns each alert event into a Teams workflow message with one Adaptive Card', () => {
    for (const alert of [...notifications, oneOff]) {
      // Act
      const message = transform(transformerOf(on, 'TeamsRule'), eventOf(alert));
      // Assess
      expect(message.type).toBe('message');
      const attachments = message.attachments as Array<Record<string, unknown>>;
      expect(attachments).toHaveLength(1);
      expect(attachments[0]?.contentType).toBe('application/vnd.microsoft.card.adaptive');
      const card = attachments[0]?.content as { type: string; version: string; body: Array<Record<string, unknown>> };
      expect(card).toMatchObject({ type: 'AdaptiveCard', version: '1.4' });
      expect(card.body[0]).toMatchObject({ type: 'TextBlock', text: `[${alert.severity}] ${alert.title}` });
      const facts = card.body[1]?.facts as Array<{ title: string; value: string }>;
      for (const fact of facts) expect(fact).toEqual({ title: expect.any(String), value: expect.any(String) });
      expect(facts).toContainEqual({ title: 'Incident id', value: alert.incidentId ?? '' });
    }
  });

  it('turns incident notifications and one-off findings into PagerDuty Events API v2 triggers', () => {
    // Prepare
    const cases = [
      ...notifications.map((alert) => ({ alert, rule: 'PagerDutyIncidentRule', dedup: alert.incidentId })),
      { alert: oneOff, rule: 'PagerDutyOneOffRule', dedup: oneOff.id },
    ];
    for (const { alert, rule, dedup } of cases) {
      // Act
      const event = transform(transformerOf(on, rule), eventOf(alert));
      // Assess: the required fields and their types (https://developer.pagerduty.com/docs/send-alert-event)
      expect(event).toMatchObject({ routing_key: ROUTING_KEY, event_action: 'trigger', dedup_key: dedup });
      expect((event.dedup_key as string).length).toBeLessThanOrEqual(255);
      const payload = event.payload as Record<string, unknown>;
      expect(payload.summary).toEqual(expect.stringContaining(alert.title));
      expect((payload.summary as string).length).toBeLessThanOrEqual(1024);
      expect(payload.source).toBe(`${alert.account}/${alert.region}`);
      expect(payload.severity).toBe('error');
      expect(Number.isNaN(Date.parse(payload.timestamp as string))).toBe(false);
      expect(payload.custom_details).toMatchObject({
        severity: alert.severity,
        count: alert.count,
        alert_id: alert.id,
      });
    }
  });
});
