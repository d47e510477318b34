/**
 * The management key in a browser tab: taken once from a `#key=…` link (printed by `switchyard dashboard`)
 * and removed from the address bar at once, or typed by the user; kept in sessionStorage, so it lives as
 * long as the tab and never reaches a cookie, the server's logs or the history.
 */
export const managementKeyStorageName = 'switchyard.managementKey';

export type KeyStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** The key in a fragment like `#key=sy-…` (other fragment parameters are kept). */
export function keyFromFragment(hash: string): { key: string | undefined; rest: string } {
  const parameters = new URLSearchParams(hash.replace(/^#/, ''));
  const key = parameters.get('key')?.trim() || undefined;
  parameters.delete('key');
  const rest = parameters.toString();
  return { key, rest: rest ? `#${rest}` : '' };
}

export interface KeyLocation {
  hash: string;
  pathname: string;
  search: string;
}

/**
 * Read the key from the link if there is one (storing it and cleaning the URL through `replaceUrl`),
 * else from the tab's storage.
 */
export function takeManagementKey(location: KeyLocation, storage: KeyStorage, replaceUrl: (url: string) => void): string | undefined {
  const { key, rest } = keyFromFragment(location.hash);
  if (key) {
    storage.setItem(managementKeyStorageName, key);
    replaceUrl(`${location.pathname}${location.search}${rest}`);
    return key;
  }
  return storage.getItem(managementKeyStorageName) ?? undefined;
}
