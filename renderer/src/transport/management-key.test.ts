import { describe, expect, it } from 'vitest';
import { keyFromFragment, managementKeyStorageName, takeManagementKey } from './management-key.js';

function memoryStorage() {
  const values = new Map<string, string>();
  return { getItem: (key: string) => values.get(key) ?? null, setItem: (key: string, value: string) => void values.set(key, value), removeItem: (key: string) => void values.delete(key), values };
}

describe('the management key of a tab', () => {
  it('reads #key= and keeps other fragment parameters', () => {
    expect(keyFromFragment('#key=sy-abc%2B1')).toEqual({ key: 'sy-abc+1', rest: '' });
    expect(keyFromFragment('#view=logs&key=k')).toEqual({ key: 'k', rest: '#view=logs' });
    expect(keyFromFragment('')).toEqual({ key: undefined, rest: '' });
  });

  it('stores a linked key for the tab and removes it from the address bar', () => {
    const storage = memoryStorage();
    const replaced: string[] = [];
    const key = takeManagementKey({ hash: '#key=sy-linked', pathname: '/', search: '' }, storage, (url) => replaced.push(url));
    expect(key).toBe('sy-linked');
    expect(storage.values.get(managementKeyStorageName)).toBe('sy-linked');
    expect(replaced).toEqual(['/']);
  });

  it('falls back to the key stored earlier in this tab', () => {
    const storage = memoryStorage();
    storage.setItem(managementKeyStorageName, 'sy-stored');
    expect(takeManagementKey({ hash: '', pathname: '/', search: '' }, storage, () => undefined)).toBe('sy-stored');
  });
});
