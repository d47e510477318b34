/**
 * Model name -> provider, upstream model and the accounts that may serve it. Providers claim models
 * through `resolveModel`; routing never looks at a provider id.
 */
import type { Provider, ProviderAccount } from '../providers/provider.js';
import type { ModelCatalogue } from '../server/routes/model-catalogue.js';

export interface RouteTarget {
  provider: Provider;
  upstreamModel: string;
  /** Usable accounts, in the order to try them. */
  accounts: ProviderAccount[];
}

export class ModelRouter {
  constructor(
    private readonly providers: readonly Provider[],
    private readonly catalogue: ModelCatalogue,
  ) {}

  async resolve(model: string): Promise<RouteTarget | undefined> {
    for (const provider of this.providers) {
      const resolution = await provider.resolveModel(model);
      if (!resolution) continue;
      const accounts = provider
        .listAccounts()
        .filter((account) => !account.disabled && (!resolution.accountIds || resolution.accountIds.includes(account.id)));
      return { provider, upstreamModel: resolution.upstreamModel, accounts };
    }
    return undefined;
  }

  /** The closest known model ids, for the unknown-model error. */
  async suggest(model: string, limit = 3): Promise<string[]> {
    const ids = (await this.catalogue.list()).map((entry) => entry.id);
    return ids
      .map((id) => ({ id, distance: editDistance(model.toLowerCase(), id.toLowerCase()) }))
      .sort((left, right) => left.distance - right.distance)
      .slice(0, limit)
      .filter((candidate) => candidate.distance <= Math.max(3, Math.floor(model.length / 2)))
      .map((candidate) => candidate.id);
  }
}

function editDistance(left: string, right: string): number {
  const previous = Array.from({ length: right.length + 1 }, (_, index) => index);
  for (let row = 1; row <= left.length; row += 1) {
    let diagonal = previous[0];
    previous[0] = row;
    for (let column = 1; column <= right.length; column += 1) {
      const above = previous[column];
      previous[column] = Math.min(previous[column] + 1, previous[column - 1] + 1, diagonal + (left[row - 1] === right[column - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return previous[right.length];
}
