/** The wire formats Switchyard speaks, as clients and as upstreams. */
export const formatIds = ['openai-chat', 'openai-responses', 'anthropic-messages', 'gemini'] as const;
export type FormatId = (typeof formatIds)[number];
