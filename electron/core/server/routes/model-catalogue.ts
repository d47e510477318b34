/** Every model every provider serves, in one list. */
import type { Provider, ProviderModel } from '../../providers/provider.js';

export interface ModelCatalogue {
  list(): Promise<ProviderModel[]>;
  find(id: string): Promise<ProviderModel | undefined>;
}

export function createModelCatalogue(providers: readonly Provider[]): ModelCatalogue {
  const list = async () => {
    const lists = await Promise.all(providers.map((provider) => provider.listModels().catch(() => [])));
    return lists.flat();
  };
  return {
    list,
    find: async (id) => (await list()).find((model) => model.id === id),
  };
}
