/** The part of js-yaml (4.x, no bundled types) the tool setup uses. */
declare module 'js-yaml' {
  export function load(text: string, options?: { filename?: string; json?: boolean }): unknown;
}
