import { describe, expect, it } from 'vitest';
import { accountDirectory } from '../../lib/alerts/account-directory.js';
import { withAccountNames } from '../../lib/alerts/with-account-names.js';
import type { Alert } from '../../lib/model/alert.js';
import { createAlertClients } from '../../lib/aws/clients.js';
import { listAccountNames } from '../../lib/aws/organizations.js';
import type { Log } from '../../lib/model/log.js';
import { jsonError, startFaultEndpoint } from '../helpers/aws-fault-endpoint.js';
import { makeAlert } from './make-alert.js';

const capturing = () => {
  const lines: Array<{ level: string; message: string; facts: unknown }> = [];
  const at =
    (level: string) =>
    (message: string, facts?: unknown): void => {
      lines.push({ level, message, facts });
    };
  const log: Log = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
  return { log, lines };
};

describe('accountDirectory', () => {
  it('prefers the configured name, then the organization listing, fetched once', async () => {
    // Prepare
    let listings = 0;
    const directory = accountDirectory({
      names: { '111111111111': 'prod (configured)' },
      listAccounts: async () => {
        listings++;
        return new Map([
          ['111111111111', 'prod'],
          ['222222222222', 'staging'],
        ]);
      },
    });
    // Act
    const names = await Promise.all(
      ['111111111111', '222222222222', '333333333333', '222222222222'].map((id) => directory.nameOf(id))
    );
    // Assess
    expect(names).toEqual(['prod (configured)', 'staging', undefined, 'staging']);
    expect(listings).toBe(1);
  });

  it('lists again once the ttl has passed', async () => {
    // Prepare
    let now = 0;
    let listings = 0;
    const directory = accountDirectory({
      listAccounts: async () => new Map([['222222222222', `v${++listings}`]]),
      ttlMs: 1_000,
      now: () => now,
    });
    // Act
    const first = await directory.nameOf('222222222222');
    now = 1_500;
    const second = await directory.nameOf('222222222222');
    // Assess
    expect([first, second]).toEqual(['v1', 'v2']);
  });

  it('falls back to the map when Organizations denies ListAccounts, warning once with the reason and not asking again', async () => {
    // Prepare: the real SDK against an endpoint answering AccessDeniedException
    const server = await startFaultEndpoint(() =>
      jsonError(400, 'AccessDeniedException', 'You don\u2019t have permissions to access this resource.')
    );
    const { organizations } = createAlertClients({
      region: 'eu-west-1',
      organizationsEndpoint: server.endpoint,
      maxAttempts: 1,
    });
    const { log, lines } = capturing();
    const directory = accountDirectory({
      names: { '111111111111': 'prod' },
      listAccounts: () => listAccountNames(organizations),
      log,
    });
    try {
      // Act
      const names = [
        await directory.nameOf('111111111111'),
        await directory.nameOf('222222222222'),
        await directory.nameOf('222222222222'),
      ];
      // Assess
      expect(names).toEqual(['prod', undefined, undefined]);
      expect(server.requests.map((r) => `${r.service}:${r.action}`)).toEqual(['organizations:ListAccounts']);
      expect(lines).toEqual([
        {
          level: 'warn',
          message: 'organizations account names unavailable, using configured names',
          facts: {
            errorCode: 'AccessDeniedException',
            reason: 'You don\u2019t have permissions to access this resource.',
          },
        },
      ]);
    } finally {
      await server.close();
    }
  });
});

describe('withAccountNames', () => {
  it('fills accountName where the alert names an account but not its name', async () => {
    // Prepare
    const sent: Alert[] = [];
    const sink = withAccountNames(
      { send: async (alerts) => void sent.push(...alerts) },
      accountDirectory({ names: { '123456789012': 'prod' } })
    );
    // Act
    await sink.send([
      makeAlert(),
      makeAlert({ accountName: 'kept' }),
      makeAlert({ account: '999999999999' }),
      makeAlert({ account: undefined }),
    ]);
    // Assess
    expect(sent.map((a) => a.accountName)).toEqual(['prod', 'kept', undefined, undefined]);
  });
});
