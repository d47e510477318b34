/**
 * What translators need from the outside world, injected so that they stay pure:
 * ids and the clock come from here, never from Math.random or Date.now inside a mapper.
 */
export interface TranslationContext {
  /** Mint an id with a prefix in the target's style (`msg_`, `toolu_`, `call_`, `resp_`, `chatcmpl-`). */
  newId(prefix: string): string;
  /** Seconds since the epoch. */
  nowSeconds(): number;
  /** The model name to show the client (what it asked for). */
  clientModel: string;
  /**
   * The tool names of the original request, for formats that must shorten names on the way up
   * (Responses' 64-character limit) and map them back on the way down.
   */
  originalToolNames?: readonly string[];
}

/** A deterministic context for tests and fixtures. */
export function createFixedContext(clientModel = 'test-model', now = 1_700_000_000): TranslationContext {
  let counter = 0;
  return {
    newId: (prefix) => `${prefix}${(++counter).toString().padStart(4, '0')}`,
    nowSeconds: () => now,
    clientModel,
  };
}
