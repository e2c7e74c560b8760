import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CloudTrailRecord } from '../../lib/model/record.js';

/**
 * A local CloudTrail endpoint that answers LookupEvents only (moto does not implement it), in the
 * JSON 1.1 protocol with the documented response shape: `Events[]` with `CloudTrailEvent` as a JSON
 * string, `NextToken` paging, errors as `{"__type": "<Code>", "message": …}` with HTTP 400.
 * https://docs.aws.amazon.com/awscloudtrail/latest/APIReference/API_LookupEvents.html
 */
export type LookupEventsServer = {
  endpoint: string;
  /** Every LookupEvents request: when it arrived, its body, and what was answered. */
  requests: Array<{ at: number; body: Record<string, unknown>; answer: 'page' | string }>;
  close(): Promise<void>;
};

export type ServerScript = {
  /** The records served, newest first. */
  records: CloudTrailRecord[];
  /** Answer request number `n` (0-based) with this error code instead of a page. */
  failRequest?: (n: number, body: Record<string, unknown>) => string | undefined;
  /** Replace the CloudTrailEvent string of record `index` (to serve damaged events). */
  rawEvent?: (index: number, json: string) => string | undefined;
};

// The SDK sends `CloudTrail_20131101.LookupEvents`; older clients prefix the namespace.
const TARGET = /^(com\.amazonaws\.cloudtrail\.v20131101\.)?CloudTrail_20131101\.LookupEvents$/;

const readBody = async (req: IncomingMessage): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

const send = (res: ServerResponse, status: number, body: unknown): void => {
  res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': 'local-request' });
  res.end(JSON.stringify(body));
};

const tokenOf = (offset: number): string => Buffer.from(`offset:${offset}`).toString('base64');
const offsetOf = (token: string): number | undefined => {
  const m = /^offset:(\d+)$/.exec(Buffer.from(token, 'base64').toString('utf8'));
  return m ? Number(m[1]) : undefined;
};

/** Starts the endpoint on 127.0.0.1 and a free port. */
export const startLookupEventsServer = async (script: ServerScript): Promise<LookupEventsServer> => {
  const requests: LookupEventsServer['requests'] = [];
  const server = createServer(async (req, res) => {
    const text = await readBody(req);
    if (!TARGET.test(String(req.headers['x-amz-target']))) {
      send(res, 400, {
        __type: 'UnknownOperationException',
        message: `unsupported target ${req.headers['x-amz-target']}`,
      });
      return;
    }
    const body = JSON.parse(text || '{}') as Record<string, unknown>;
    const n = requests.length;
    const failure = script.failRequest?.(n, body);
    if (failure) {
      requests.push({ at: Date.now(), body, answer: failure });
      send(res, failure === 'InternalFailure' ? 500 : 400, { __type: failure, message: `${failure} (scripted)` });
      return;
    }
    const offset = typeof body.NextToken === 'string' ? offsetOf(body.NextToken) : 0;
    if (offset === undefined) {
      requests.push({ at: Date.now(), body, answer: 'InvalidNextTokenException' });
      send(res, 400, { __type: 'InvalidNextTokenException', message: 'Invalid NextToken' });
      return;
    }
    const size = Math.min(Number(body.MaxResults ?? 50), 50);
    const slice = script.records.slice(offset, offset + size);
    requests.push({ at: Date.now(), body, answer: 'page' });
    send(res, 200, {
      Events: slice.map((record, i) => {
        const json = JSON.stringify(record);
        return {
          EventId: record.eventID,
          EventName: record.eventName,
          ReadOnly: String(record.readOnly ?? false),
          EventTime: Date.parse(record.eventTime ?? '') / 1000,
          EventSource: record.eventSource,
          Username: record.userIdentity?.userName ?? 'unknown',
          Resources: [],
          CloudTrailEvent: script.rawEvent?.(offset + i, json) ?? json,
        };
      }),
      ...(offset + size < script.records.length && { NextToken: tokenOf(offset + size) }),
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
};

/** `count` management records, newest first, one minute apart, with stable ids. */
export const sampleRecords = (count: number): CloudTrailRecord[] =>
  Array.from({ length: count }, (_, i) => ({
    eventVersion: '1.09',
    eventTime: new Date(Date.parse('2026-03-01T12:00:00Z') - i * 60_000).toISOString().replace('.000Z', 'Z'),
    eventSource: 'iam.amazonaws.com',
    eventName: i % 2 === 0 ? 'ListUsers' : 'CreateAccessKey',
    awsRegion: 'us-east-1',
    sourceIPAddress: '203.0.113.7',
    userIdentity: {
      type: 'IAMUser',
      userName: 'alice',
      arn: 'arn:aws:iam::111122223333:user/alice',
      accountId: '111122223333',
    },
    requestParameters: null,
    responseElements: null,
    eventID: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    readOnly: i % 2 === 0,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: '111122223333',
    eventCategory: 'Management',
  }));
