/** Token usage in one shape for every format. `inputTokens` includes cached tokens. */
export interface CanonicalUsage {
  inputTokens: number;
  outputTokens: number;
  /** Tokens read from the prompt cache (subset of inputTokens). */
  cachedInputTokens?: number;
  /** Tokens written to the prompt cache (subset of inputTokens; Claude `cache_creation_input_tokens`). */
  cacheCreationInputTokens?: number;
  /** Reasoning tokens (subset of outputTokens). */
  reasoningTokens?: number;
  /** True when the upstream gave no counts and these are our estimate. */
  estimated?: boolean;
}

export const emptyUsage = (): CanonicalUsage => ({ inputTokens: 0, outputTokens: 0 });

/** Later figures win; Claude and Responses report cumulative counts. */
export function mergeUsage(previous: CanonicalUsage | undefined, next: Partial<CanonicalUsage>): CanonicalUsage {
  const base = previous ?? emptyUsage();
  const merged: CanonicalUsage = { ...base };
  for (const key of Object.keys(next) as Array<keyof CanonicalUsage>) {
    const value = next[key];
    if (value !== undefined) (merged as unknown as Record<string, unknown>)[key] = value;
  }
  return merged;
}
