/** Why generation stopped, in one vocabulary; each format maps to and from it. */
export const finishReasons = [
  'stop', // natural end or a stop sequence
  'length', // max tokens
  'tool-calls',
  'content-filter',
  'pause', // Claude `pause_turn`
  'refusal', // Claude `refusal`
  'error',
  'other',
] as const;
export type FinishReason = (typeof finishReasons)[number];
