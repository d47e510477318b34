/**
 * One-click tool setup in the contract: which tools, what a preview, a setup and a restore return.
 * Diffs are masked (the client key and secret-looking values never appear). Pure TypeScript.
 */
import { z } from 'zod';

/** Tools with a documented config file that setup writes. */
export const toolIds = ['claude-code', 'codex', 'continue', 'aider'] as const;
export const toolIdSchema = z.enum(toolIds);
export type ToolId = z.infer<typeof toolIdSchema>;

export const toolSetupInputSchema = z.strictObject({
  tool: toolIdSchema,
  /** The model the tool should ask for (Continue and Aider need one; a default is used otherwise). */
  model: z.string().min(1).max(200).optional(),
  /** Codex: read the key from this environment variable instead of writing it into config.toml. */
  keyEnvVar: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an environment variable name')
    .optional(),
});

export const toolSetupPreviewSchema = z.object({
  tool: toolIdSchema,
  displayName: z.string(),
  path: z.string(),
  exists: z.boolean(),
  /** False when the file already says what setup would write. */
  changed: z.boolean(),
  /** Unified diff, secrets masked. */
  diff: z.string(),
  usage: z.string(),
});

export const toolSetupResultSchema = toolSetupPreviewSchema.extend({ backupPath: z.string().optional() });

export const toolRestoreResultSchema = z.object({
  tool: toolIdSchema,
  path: z.string(),
  restored: z.boolean(),
  /** The file did not exist before setup, so restoring removed it. */
  removed: z.boolean(),
  backupPath: z.string().optional(),
  diff: z.string(),
});

export const toolSetupListSchema = z.object({
  tools: z.array(z.object({ tool: toolIdSchema, displayName: z.string(), path: z.string(), exists: z.boolean(), backups: z.number().int() })),
  /** Tools set up by hand, and why. */
  manual: z.array(z.object({ id: z.string(), displayName: z.string(), reason: z.string() })),
});
