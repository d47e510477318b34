/** `connectTimeoutMs` -> `SWITCHYARD_CONNECT_TIMEOUT_MS`: the same rule as the core's settings schema. */
export function settingEnvName(key: string): string {
  return `SWITCHYARD_${key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase()}`;
}
