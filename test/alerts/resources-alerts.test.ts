import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

type Statement = { Sid?: string; Action: string | string[]; Resource: unknown };
type Template = {
  Parameters: Record<string, unknown>;
  Conditions: Record<string, unknown>;
  Resources: Record<
    string,
    { Type: string; Condition?: string; Properties: { PolicyDocument: { Statement: Statement[] }; Roles?: unknown } }
  >;
  Outputs: Record<string, unknown>;
};

const load = async (): Promise<Template> =>
  parse(await readFile('serverless/resources-alerts.yml', 'utf8')) as Template;

/** Every statement of the alert policies, with the condition of the policy that holds it. */
const statements = (template: Template): Array<[string | undefined, Statement]> =>
  Object.values(template.Resources)
    .filter((r) => r.Type === 'AWS::IAM::Policy')
    .flatMap((r) =>
      r.Properties.PolicyDocument.Statement.map((s): [string | undefined, Statement] => [r.Condition, s])
    );

describe('serverless/resources-alerts.yml', () => {
  it('is a mapping with Resources and Outputs that serverless can merge', async () => {
    // Act
    const template = await load();
    // Assess
    expect(Object.keys(template).sort()).toEqual(['Conditions', 'Outputs', 'Parameters', 'Resources']);
    expect(Object.fromEntries(Object.entries(template.Resources).map(([k, v]) => [k, v.Type]))).toEqual({
      AlertTopic: 'AWS::SNS::Topic',
      AlertEventBus: 'AWS::Events::EventBus',
      AlertsDeadLetterQueue: 'AWS::SQS::Queue',
      AlertsDeadLetterAlarm: 'AWS::CloudWatch::Alarm',
      AlertsPublishPolicy: 'AWS::IAM::Policy',
      AlertsEncryptPolicy: 'AWS::IAM::Policy',
      AlertsEventBusPolicy: 'AWS::IAM::Policy',
      AlertsOrganizationsPolicy: 'AWS::IAM::Policy',
    });
    expect(template.Resources.AlertTopic?.Condition).toBe('AlertTopicCreated');
  });

  it("grants only what the sinks call, on those resources, attached to every function's role", async () => {
    // Act
    const template = await load();
    // Assess
    for (const policy of Object.values(template.Resources).filter((r) => r.Type === 'AWS::IAM::Policy')) {
      expect(policy.Properties.Roles).toEqual(
        ['Ingest', 'Verify', 'Heartbeat', 'Rollup', 'Realtime', 'Logs', 'Audit', 'Judge'].map((f) => ({
          Ref: `${f}FunctionRole`,
        }))
      );
    }
    expect(statements(template).map(([condition, s]) => [condition, s.Action])).toEqual([
      [undefined, 'sns:Publish'],
      ['AlertTopicEncrypted', ['kms:GenerateDataKey*', 'kms:Decrypt']],
      ['AlertEventBusEnabled', 'events:PutEvents'],
      ['AlertOrganizationsLookup', 'organizations:ListAccounts'],
    ]);
    const wildcard = statements(template).filter(([, s]) => JSON.stringify(s.Resource).includes('*'));
    expect(wildcard.map(([, s]) => s.Action)).toEqual(['organizations:ListAccounts']);
  });
});
