/**
 * Child process for the kill -9 test: opens the Switchyard of $SWITCHYARD_HOME (fakes from the
 * SWITCHYARD_CLAUDE_* variables) and refreshes one Claude account `count` times, then exits.
 * Usage: node --import tsx claude-refresh-child.ts <accountId> <count>
 */
import { Switchyard } from '../../electron/core/switchyard.js';

const [accountId, countText] = process.argv.slice(2);
const switchyard = await Switchyard.create({ environment: process.env });
const auth = switchyard.providers.find((provider) => provider.id === 'claude')?.auth;
if (!auth || !accountId) throw new Error('usage: claude-refresh-child.ts <accountId> <count>');
process.stdout.write('ready\n');
for (let index = 0; index < Number(countText ?? 1); index++) await auth.refresh(accountId);
process.stdout.write('done\n');
await switchyard.stop();
