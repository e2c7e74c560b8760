import type { Log } from '../model/log.js';
import { silentLog } from '../model/log.js';
import { classifyError } from './classify-error.js';

const RETRY_AFTER_MS = 300_000;

/** Names accounts for alerts: `123456789012` alone is what users of CIS alarm stacks complain about. */
export type AccountDirectory = {
  /** The account's name, or undefined when neither the map nor Organizations knows it. */
  nameOf(accountId: string): Promise<string | undefined>;
};

/** Where names come from and how long a listing is trusted. */
export type AccountDirectoryOptions = {
  /** Configured names (ACCOUNT_NAMES); they win over Organizations' names. */
  names?: Readonly<Record<string, string>>;
  /** Lists the organization's accounts (lib/aws/organizations.ts `listAccountNames`), when permitted. */
  listAccounts?: () => Promise<Map<string, string>>;
  /** How long a listing (or a refusal) is trusted (default 1 hour). */
  ttlMs?: number;
  log?: Log;
  now?: () => number;
};

/**
 * A cached account-name lookup: the configured map first, then AWS Organizations ListAccounts
 * when a lister is given. The listing is fetched once per `ttlMs` (one call shared by
 * concurrent lookups); when it fails — typically AccessDeniedException outside the management
 * account, or AWSOrganizationsNotInUseException — the directory falls back to the map, warns
 * once (the lookup was asked for, so its failure is said, with the reason), and does not ask
 * again until the ttl passes (five minutes after a throttle or outage).
 * @example const directory = accountDirectory({ names: { '123456789012': 'prod' }, listAccounts: () => listAccountNames(org) });
 */
export const accountDirectory = (options: AccountDirectoryOptions): AccountDirectory => {
  const { names = {}, listAccounts, ttlMs = 3_600_000, log = silentLog, now = Date.now } = options;
  let cached: { expiresAt: number; names: Promise<Map<string, string>> } | undefined;
  let warned = false;

  const listing = (): Promise<Map<string, string>> => {
    if (listAccounts === undefined) return Promise.resolve(new Map());
    if (cached !== undefined && now() < cached.expiresAt) return cached.names;
    const entry = { expiresAt: now() + ttlMs, names: Promise.resolve(new Map<string, string>()) };
    entry.names = listAccounts().catch((error: unknown) => {
      const { code, message, retryable } = classifyError(error);
      // A refusal stands for the whole ttl; a throttle or outage is worth asking again sooner.
      if (retryable) entry.expiresAt = Math.min(entry.expiresAt, now() + RETRY_AFTER_MS);
      if (!warned) {
        warned = true;
        log.warn('organizations account names unavailable, using configured names', {
          errorCode: code,
          reason: message,
        });
      }
      return new Map<string, string>();
    });
    cached = entry;
    return entry.names;
  };

  return {
    nameOf: async (accountId) => names[accountId] ?? (await listing()).get(accountId),
  };
};
