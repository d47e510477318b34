/**
 * Setting names and values that both the core's settings schema and the dashboard need. Pure
 * TypeScript: the renderer imports this instead of restating it.
 */

export const logLevels = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;

/** How a provider's accounts take turns: `round-robin` (the default), `fill-first` or `priority`. */
export const routingStrategies = ['round-robin', 'fill-first', 'priority'] as const;

/** `openaiCompatible` -> `SWITCHYARD_OPENAI_COMPATIBLE`: the environment variable that overrides a setting. */
export function settingEnvName(key: string): string {
  return `SWITCHYARD_${key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase()}`;
}
