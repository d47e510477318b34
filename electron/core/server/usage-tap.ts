/** Watches canonical parts on their way to the client: usage, output size, errors, completion. */
import type { CanonicalPart } from '../canonical/canonical-parts.js';
import { mergeUsage, type CanonicalUsage } from '../canonical/canonical-usage.js';
import { estimateTokensForCharacters } from '../canonical/estimate-tokens.js';
import type { ErrorShape } from '../../../shared/errors.js';

export class UsageTap {
  usage: CanonicalUsage | undefined;
  outputCharacters = 0;
  error: ErrorShape | undefined;
  finished = false;
  /** The upstream's response-start, so an in-band error after passthrough bytes names the same response. */
  start: Extract<CanonicalPart, { type: 'response-start' }> | undefined;

  observe(part: CanonicalPart): void {
    switch (part.type) {
      case 'response-start':
        this.start = part;
        return;
      case 'text-delta':
      case 'reasoning-delta':
      case 'tool-input-delta':
        this.outputCharacters += part.delta.length;
        return;
      case 'usage':
        this.usage = mergeUsage(this.usage, part.usage);
        return;
      case 'finish':
        this.finished = true;
        if (part.usage) this.usage = mergeUsage(this.usage, part.usage);
        return;
      case 'error':
        this.error = part.error;
        return;
      default:
        return;
    }
  }

  observeAll(parts: CanonicalPart[]): void {
    for (const part of parts) this.observe(part);
  }

  /** Usage as reported, or an estimate marked as one when the upstream gave no counts (only then is the input estimated). */
  finalUsage(estimateInput: () => number): CanonicalUsage {
    if (this.usage && (this.usage.inputTokens > 0 || this.usage.outputTokens > 0)) return this.usage;
    return { inputTokens: estimateInput(), outputTokens: estimateTokensForCharacters(this.outputCharacters), estimated: true };
  }
}
