import type { AccountDirectory } from './account-directory.js';
import type { AlertSink } from '../model/alert.js';

/**
 * Wraps a sink so every alert that names an account but not its name gets `accountName`
 * from the directory before it is sent. Alerts that already carry a name keep it.
 * @example withAccountNames(fanOutSink(routes), accountDirectory({ names }))
 */
export const withAccountNames = (sink: AlertSink, directory: AccountDirectory): AlertSink => ({
  send: async (alerts) => {
    const named = await Promise.all(
      alerts.map(async (alert) => {
        if (alert.account === undefined || alert.accountName !== undefined) return alert;
        const accountName = await directory.nameOf(alert.account);
        return accountName === undefined ? alert : { ...alert, accountName };
      })
    );
    await sink.send(named);
  },
});
