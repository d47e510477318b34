/** A coloured dot with its meaning in words for screen readers (and a title for the mouse). */
export type LightState = 'ok' | 'warn' | 'error' | 'idle';

const words: Record<LightState, string> = { ok: 'working', warn: 'needs attention', error: 'not working', idle: 'not connected' };

export function StatusLight({ state, label }: { state: LightState; label?: string }) {
  const text = label ?? words[state];
  return <span className={`status-light status-${state}`} role="img" aria-label={`Status: ${text}`} title={text} data-state={state} />;
}
