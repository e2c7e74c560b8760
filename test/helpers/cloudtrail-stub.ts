import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SigningKey, TrailEntry } from './digest-vectors.js';

/*
 * A minimal local endpoint for the CloudTrail and Organizations calls `aws cloudtrail validate-logs`
 * and trailwatch make: ListPublicKeys, DescribeTrails, GetTrailStatus and DescribeOrganization over
 * the JSON 1.1 protocol (`X-Amz-Target: com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.<Op>`).
 * moto has no ListPublicKeys and leaves LatestDigestDeliveryTime out of GetTrailStatus, so this stands
 * in for them. Blobs go out base64, times as epoch seconds.
 */

export type ListPublicKeysCall = { start: number; end: number };

/** What GetTrailStatus answers for one trail. */
export type StubTrailStatus = { isLogging: boolean; latestDigestDeliveryTime?: Date };

export type CloudTrailStub = {
  endpoint: string;
  /** Every ListPublicKeys request, in order (epoch seconds). */
  calls: ListPublicKeysCall[];
  /** The `Name` of every GetTrailStatus request, in order. */
  statusCalls: string[];
  close(): Promise<void>;
};

// The CLI sends the model's full target; SDK v3 sends `CloudTrail_20131101.<Op>`. Both are served.
const operationOf = (target: string): string => {
  if (target.startsWith('AWSOrganizationsV20161128.')) return `organizations:${target.slice(26)}`;
  const match = /^(?:com\.amazonaws\.cloudtrail\.v20131101\.)?CloudTrail_20131101\.(\w+)$/.exec(target);
  return match ? `cloudtrail:${match[1]}` : '';
};

const readBody = async (req: IncomingMessage): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

const send = (res: ServerResponse, status: number, body: unknown): void => {
  res.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
  res.end(JSON.stringify(body));
};

/** Seconds since the epoch from a JSON-protocol timestamp (number, or ISO string from some SDKs). */
const seconds = (value: unknown): number => (typeof value === 'number' ? value : Date.parse(String(value)) / 1000);

/**
 * Starts the stub on 127.0.0.1 with a free port.
 * @param state - what to serve; read on every request, so tests may change it between runs.
 * `trailStatus` maps a trail ARN to its GetTrailStatus answer; an ARN it lacks gets
 * TrailNotFoundException, as CloudTrail answers.
 */
export const startCloudTrailStub = async (state: {
  keys: () => readonly SigningKey[];
  trails: () => readonly TrailEntry[];
  organizationId: () => string;
  trailStatus?: () => Readonly<Record<string, StubTrailStatus>>;
}): Promise<CloudTrailStub> => {
  const calls: ListPublicKeysCall[] = [];
  const statusCalls: string[] = [];
  const server = createServer(async (req, res) => {
    const target = String(req.headers['x-amz-target'] ?? '');
    const operation = operationOf(target);
    const body = (await readBody(req)) || '{}';
    const input = JSON.parse(body) as Record<string, unknown>;
    if (operation === 'cloudtrail:ListPublicKeys') {
      const start = seconds(input.StartTime ?? 0);
      const end = seconds(input.EndTime ?? Date.now() / 1000);
      calls.push({ start, end });
      const list = state
        .keys()
        .filter((k) => k.validityStart.getTime() / 1000 <= end && k.validityEnd.getTime() / 1000 >= start)
        .map((k) => ({
          Value: k.der.toString('base64'),
          ValidityStartTime: k.validityStart.getTime() / 1000,
          ValidityEndTime: k.validityEnd.getTime() / 1000,
          Fingerprint: k.fingerprint,
        }));
      send(res, 200, { PublicKeyList: list });
    } else if (operation === 'cloudtrail:GetTrailStatus') {
      const name = String(input.Name);
      statusCalls.push(name);
      const status = state.trailStatus?.()[name];
      if (status === undefined) {
        send(res, 400, { __type: 'TrailNotFoundException', message: `Unknown trail: ${name} for the user` });
      } else {
        send(res, 200, {
          IsLogging: status.isLogging,
          ...(status.latestDigestDeliveryTime && {
            LatestDigestDeliveryTime: status.latestDigestDeliveryTime.getTime() / 1000,
          }),
        });
      }
    } else if (operation === 'cloudtrail:DescribeTrails') {
      send(res, 200, { trailList: state.trails() });
    } else if (operation === 'organizations:DescribeOrganization') {
      send(res, 200, {
        Organization: {
          Id: state.organizationId(),
          Arn: `arn:aws:organizations::111111111111:organization/${state.organizationId()}`,
        },
      });
    } else {
      send(res, 400, { __type: 'UnknownOperationException', message: `stub does not serve '${target}'` });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    calls,
    statusCalls,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
};
