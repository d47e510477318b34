/**
 * Imported first by main.tsx, before any schema exists: zod would otherwise probe `new Function` while
 * building object schemas, which the dashboard's CSP (no 'unsafe-eval') reports as a violation.
 */
import { z } from 'zod';

z.config({ jitless: true });
