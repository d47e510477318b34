/** Which account to try first: round-robin (default), fill-first, or by priority. */
import type { routingStrategies } from '../../../shared/settings-names.js';
import type { ProviderAccount } from '../providers/provider.js';

export type RoutingStrategy = (typeof routingStrategies)[number];

export class AccountOrder {
  private readonly cursors = new Map<string, number>();

  order(
    key: string,
    accounts: readonly ProviderAccount[],
    strategy: RoutingStrategy,
    priorities: Readonly<Record<string, number>> = {},
  ): ProviderAccount[] {
    if (accounts.length <= 1) return [...accounts];
    switch (strategy) {
      case 'fill-first':
        return [...accounts];
      case 'priority':
        // Higher priority first; ties keep their configured order.
        return accounts
          .map((account, index) => ({ account, index, priority: priorities[account.id] ?? 0 }))
          .sort((left, right) => right.priority - left.priority || left.index - right.index)
          .map((entry) => entry.account);
      case 'round-robin': {
        const cursor = this.cursors.get(key) ?? 0;
        this.cursors.set(key, cursor + 1);
        const start = cursor % accounts.length;
        return [...accounts.slice(start), ...accounts.slice(0, start)];
      }
    }
  }
}
