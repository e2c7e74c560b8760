import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SINK_NAMES } from '../../lib/alerts/constants.js';
import {
  FUNCTION_METRICS,
  METRIC_DIMENSIONS,
  METRIC_NAMES,
  METRICS,
  METRICS_NAMESPACE,
  type MetricName,
} from '../../lib/model/metrics.js';

/*
 * The packaged stack (`npx osls package`, as .ci/run does before the tests): every dead-letter queue
 * has an alarm, every function not fed by SQS keeps its failed events, and every metric alarm names a
 * namespace, metric and dimensions the code writes (lib/model/metrics.ts, lib/metrics.ts).
 */

const ROOT = join(import.meta.dirname, '..', '..');
const TEMPLATE = join(ROOT, '.serverless', 'cloudformation-template-update-stack.json');
const SOURCES = ['serverless.yml', ...readdirSync(join(ROOT, 'serverless')).map((f) => join('serverless', f))];

type Resource = { Type: string; Condition?: string; Properties: Record<string, unknown> };
type Template = {
  Parameters: Record<string, { Default?: unknown }>;
  Conditions: Record<string, unknown>;
  Resources: Record<string, Resource>;
};
type Alarm = {
  Namespace: string;
  MetricName: string;
  Dimensions: Array<{ Name: string; Value: unknown }>;
  Statistic: string;
  Threshold: number;
  ComparisonOperator: string;
  TreatMissingData: string;
  AlarmActions: unknown[];
};

/** The packaged template; fails when it is missing or older than a template source. */
const loadTemplate = (): Template => {
  if (!existsSync(TEMPLATE)) throw new Error(`no ${TEMPLATE}: run \`npx osls package\` first (.ci/run does)`);
  const packagedAt = statSync(TEMPLATE).mtimeMs;
  const newer = SOURCES.filter((file) => statSync(join(ROOT, file)).mtimeMs > packagedAt);
  if (newer.length > 0) throw new Error(`${TEMPLATE} is older than ${newer.join(', ')}: run \`npx osls package\``);
  return JSON.parse(readFileSync(TEMPLATE, 'utf8')) as Template;
};

const ofType = (template: Template, type: string): Array<[string, Resource]> =>
  Object.entries(template.Resources).filter(([, r]) => r.Type === type);

/** The logical id a `{ "Fn::GetAtt": [id, attribute] }` or `{ "Ref": id }` points at. */
const target = (value: unknown, attribute?: string): string | undefined => {
  const v = value as { Ref?: string; 'Fn::GetAtt'?: [string, string] } | undefined;
  if (attribute === undefined) return v?.Ref;
  return v?.['Fn::GetAtt']?.[1] === attribute ? v['Fn::GetAtt'][0] : undefined;
};

/** Where every alarm sends its notification: the `alarmTopicArn` param, else the alert topic. */
const ALARM_TOPIC = [
  {
    'Fn::If': [
      'AlarmTopicGiven',
      { Ref: 'AlarmTopicArnParam' },
      { 'Fn::If': ['AlertTopicCreated', { Ref: 'AlertTopic' }, { Ref: 'AlertTopicArnParam' }] },
    ],
  },
];

describe('the packaged template keeps every failure visible', () => {
  const template = loadTemplate();
  const alarms = ofType(template, 'AWS::CloudWatch::Alarm').map(([id, r]) => ({
    id,
    condition: r.Condition,
    ...(r.Properties as Alarm),
  }));
  const functions = ofType(template, 'AWS::Lambda::Function').map(([id]) => id);
  const fedBySqs = new Set(
    ofType(template, 'AWS::Lambda::EventSourceMapping').map(([, r]) => target(r.Properties.FunctionName, 'Arn'))
  );
  const onFailure = new Map(
    ofType(template, 'AWS::Lambda::EventInvokeConfig').map(([, r]) => {
      const destination = (r.Properties.DestinationConfig as { OnFailure?: { Destination?: unknown } } | undefined)
        ?.OnFailure?.Destination;
      return [target(r.Properties.FunctionName), target(destination, 'Arn')];
    })
  );
  const queues = new Set(ofType(template, 'AWS::SQS::Queue').map(([id]) => id));

  it('sends the failed events of every function not fed by SQS to a queue', () => {
    // Act
    const notFedBySqs = functions.filter((f) => !fedBySqs.has(f)).sort();
    const kept = notFedBySqs.map((f) => [f, queues.has(onFailure.get(f) ?? '') ? onFailure.get(f) : undefined]);
    // Assess
    expect(notFedBySqs).toEqual([
      'AuditLambdaFunction',
      'CloseIncidentsLambdaFunction',
      'HeartbeatLambdaFunction',
      'JudgeLambdaFunction',
      'LogsLambdaFunction',
      'RealtimeLambdaFunction',
      'RollupLambdaFunction',
    ]);
    expect(kept).toEqual(notFedBySqs.map((f) => [f, 'AlertsDeadLetterQueue']));
  });

  it('alarms on every dead-letter queue as soon as one message waits there', () => {
    // Prepare: the queues other queues redrive to, and the functions' on-failure destinations
    const redriven = ofType(template, 'AWS::SQS::Queue').flatMap(([, r]) => {
      const policy = r.Properties.RedrivePolicy as { deadLetterTargetArn?: unknown } | undefined;
      return policy ? [target(policy.deadLetterTargetArn, 'Arn')] : [];
    });
    const deadLetterQueues = [...new Set([...redriven, ...onFailure.values()])].sort();
    // Act
    const watched = deadLetterQueues.map((queue) =>
      alarms
        .filter(
          (a) =>
            a.Namespace === 'AWS/SQS' &&
            a.MetricName === 'ApproximateNumberOfMessagesVisible' &&
            a.Dimensions.length === 1 &&
            a.Dimensions[0]?.Name === 'QueueName' &&
            target(a.Dimensions[0]?.Value, 'QueueName') === queue
        )
        .map((a) => [queue, a.ComparisonOperator, a.Threshold, a.AlarmActions])
    );
    // Assess
    expect(deadLetterQueues).toEqual(['AlertsDeadLetterQueue', 'DigestDeadLetterQueue', 'IngestDeadLetterQueue']);
    expect(watched).toEqual(deadLetterQueues.map((q) => [[q, 'GreaterThanThreshold', 0, ALARM_TOPIC]]));
  });

  it('alarms on undelivered alerts per sink, damaged files and failed digests, with the names the code emits', () => {
    // Prepare
    const services = new Set(
      ofType(template, 'AWS::Lambda::Function').map(
        ([, r]) =>
          (r.Properties.Environment as { Variables: Record<string, unknown> }).Variables.POWERTOOLS_SERVICE_NAME
      )
    );
    const metricAlarms = alarms.filter((a) => a.Namespace !== 'AWS/SQS');
    // Act
    const checked = metricAlarms.map((a) => {
      const name = a.MetricName as MetricName;
      const kind = name in FUNCTION_METRICS ? 'function' : 'sink';
      const dimensions = Object.fromEntries(a.Dimensions.map((d) => [d.Name, d.Value]));
      const value = dimensions[kind] as string;
      return {
        namespace: a.Namespace,
        known: METRIC_NAMES.includes(name),
        dimensions: a.Dimensions.map((d) => d.Name),
        expectedDimensions: [...METRIC_DIMENSIONS[kind]],
        service: dimensions.service,
        emitted:
          kind === 'function'
            ? METRICS[name].functions.includes(value) &&
              functions.includes(`${value.charAt(0).toUpperCase()}${value.slice(1)}LambdaFunction`)
            : (Object.values(SINK_NAMES) as string[]).includes(value),
        rule: [a.Statistic, a.ComparisonOperator, a.Threshold, a.TreatMissingData],
        actions: a.AlarmActions,
        condition: a.condition,
        alarm: `${name} ${value}`,
      };
    });
    // Assess
    expect(services.size).toBe(1);
    const [service] = [...services];
    expect(typeof service).toBe('string');
    for (const c of checked) {
      expect(c, c.alarm).toMatchObject({
        namespace: METRICS_NAMESPACE,
        known: true,
        dimensions: c.expectedDimensions,
        service,
        emitted: true,
        rule: ['Sum', 'GreaterThanThreshold', 0, 'notBreaching'],
        actions: ALARM_TOPIC,
      });
      if (c.condition !== undefined) expect(template.Conditions).toHaveProperty(c.condition);
    }
    expect(checked.map((c) => c.alarm).sort()).toEqual([
      'AlertsUndelivered eventbridge',
      'AlertsUndelivered sns',
      'DamagedFiles ingest',
      'DigestsFailed verify',
    ]);
  });

  it('notifies the alarmTopicArn param, which defaults to the alert topic', () => {
    // Assess
    expect(template.Parameters.AlarmTopicArnParam?.Default).toBe('');
    expect(template.Conditions.AlarmTopicGiven).toEqual({
      'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'AlarmTopicArnParam' }, ''] }],
    });
    expect(alarms.length).toBeGreaterThan(0);
    expect(alarms.filter((a) => JSON.stringify(a.AlarmActions) !== JSON.stringify(ALARM_TOPIC))).toEqual([]);
  });
});
