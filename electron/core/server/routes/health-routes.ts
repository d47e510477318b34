/** `GET /v1/health` (cheap, no secrets) and `GET /v1/health/deep` (every check, upstream reachability). */
import { Router } from 'express';
import type { HealthCheck, HealthState } from '../../../../shared/domain.js';

export interface HealthSource {
  summary(): Record<string, unknown>;
  deepChecks(): Promise<HealthCheck[]>;
}

export function overallState(checks: HealthCheck[]): HealthState {
  if (checks.some((check) => check.state === 'error')) return 'error';
  if (checks.some((check) => check.state === 'warn')) return 'warn';
  return 'ok';
}

export function healthSummaryRoute(source: HealthSource): Router {
  const router = Router();
  router.get('/v1/health', (_request, response) => {
    response.json({ status: 'ok', ...source.summary() });
  });
  return router;
}

/** Mounted behind the client key: it names upstream URLs and account states. */
export function deepHealthRoute(source: HealthSource): Router {
  const router = Router();
  router.get('/v1/health/deep', async (_request, response) => {
    const checks = await source.deepChecks();
    response.json({ status: overallState(checks), ...source.summary(), checks });
  });
  return router;
}
