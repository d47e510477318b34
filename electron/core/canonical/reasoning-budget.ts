/** Reasoning effort <-> token budget, one table for every format (protocols.md §6). */
import type { ReasoningEffort } from './canonical-request.js';

export const effortBudgets: Record<Exclude<ReasoningEffort, 'none'>, number> = {
  minimal: 512,
  low: 1024,
  medium: 8192,
  high: 24576,
  xhigh: 32768,
};

export const maxThinkingBudget = 128_000;

export function effortToBudget(effort: ReasoningEffort): number {
  return effort === 'none' ? 0 : effortBudgets[effort];
}

/** Thresholds at <=512, <=1024, <=8192, <=24576; above is xhigh; 0 is none. */
export function budgetToEffort(budget: number): ReasoningEffort {
  if (budget <= 0) return 'none';
  if (budget <= 512) return 'minimal';
  if (budget <= 1024) return 'low';
  if (budget <= 8192) return 'medium';
  if (budget <= 24576) return 'high';
  return 'xhigh';
}
