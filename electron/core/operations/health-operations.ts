/** Health through the contract: the cheap picture, and every deep check (whose result is also an event). */
import type { ContractHandlers } from '../../../shared/contract.js';
import type { HealthCheck } from '../../../shared/domain.js';
import { appVersion } from '../app-version.js';
import { overallState } from '../server/routes/health-routes.js';
import type { OperationContext } from './operation-context.js';

export function healthOperations(context: OperationContext): Pick<ContractHandlers, 'health' | 'deepHealth'> {
  return {
    async health() {
      const picture = context.watcher.health();
      return {
        ...picture,
        version: appVersion,
        uptimeSeconds: Math.floor((context.now() - context.startedAt) / 1000),
        url: context.url(),
        providers: context.providers.map((provider) => {
          const accounts = provider.listAccounts();
          return {
            id: provider.id,
            displayName: provider.displayName,
            accounts: accounts.length,
            enabledAccounts: accounts.filter((account) => !account.disabled).length,
            needsRelogin: accounts.filter((account) => account.status === 'needs-relogin').length,
          };
        }),
      };
    },

    async deepHealth() {
      let ledger: HealthCheck;
      try {
        ledger = { name: 'usage ledger', state: 'ok', detail: `${context.ledger.count()} records in ${context.ledger.path}` };
      } catch (error) {
        ledger = { name: 'usage ledger', state: 'error', detail: `unreadable: ${(error as Error).message}` };
      }
      const checks = [...(await context.deepChecks()), ledger].map((check) => ({ ...check, detail: context.redactor.redactString(check.detail) }));
      const status = overallState(checks);
      context.bus.publish('health', { status, reasons: checks.filter((check) => check.state !== 'ok').map((check) => `${check.name}: ${check.detail}`), checks });
      return { status, checks };
    },
  };
}
