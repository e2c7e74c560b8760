import type { OrganizationsClient } from '@aws-sdk/client-organizations';
import type { LazyClient } from './clients.js';

/**
 * Lists every account of the organization (all pages): id → account name. Works from the
 * management account or a delegated administrator with `organizations:ListAccounts`. The SDK
 * package is loaded on the first call (AlertClients.organizations).
 * @throws the SDK's error, e.g. AccessDeniedException or AWSOrganizationsNotInUseException
 */
export const listAccountNames = async (
  lazyOrganizations: LazyClient<OrganizationsClient>
): Promise<Map<string, string>> => {
  const [organizations, { ListAccountsCommand }] = await Promise.all([
    lazyOrganizations(),
    import('@aws-sdk/client-organizations'),
  ]);
  const names = new Map<string, string>();
  let NextToken: string | undefined;
  do {
    const page = await organizations.send(new ListAccountsCommand({ NextToken }));
    for (const account of page.Accounts ?? []) {
      if (account.Id !== undefined && account.Name !== undefined) names.set(account.Id, account.Name);
    }
    NextToken = page.NextToken;
  } while (NextToken !== undefined);
  return names;
};
