/**
 * One-click tool setup from the tray: the diff is shown in a dialog before anything is written, and
 * the restore asks first too. The work is the core's (tool-setup.ts); this is only the asking.
 */
import { dialog } from 'electron';
import { applyToolSetup, previewToolSetup, restoreToolSetup, type ToolSetupTarget } from '../core/tool-setup/tool-setup.js';
import { notify } from './connect-account.js';

export interface ToolSetupDialogOptions {
  /** The user's home directory. */
  home: string;
  target(): ToolSetupTarget;
}

export class ToolSetupDialogs {
  constructor(private readonly options: ToolSetupDialogOptions) {}

  async setup(tool: string): Promise<boolean> {
    const { home } = this.options;
    const target = this.options.target();
    const preview = previewToolSetup(tool, { home, target });
    if (!preview.changed) {
      notify(preview.displayName, `${preview.displayName} already uses Switchyard.`);
      return false;
    }
    const { response } = await dialog.showMessageBox({
      type: 'question',
      title: `Set up ${preview.displayName}`,
      message: `Write ${preview.path}?`,
      detail: `${preview.diff}\nA backup is kept beside the file; "Restore previous config" puts it back.`,
      buttons: ['Write', 'Cancel'],
      defaultId: 0,
      cancelId: 1,
      noLink: true,
    });
    if (response !== 0) return false;
    const result = applyToolSetup(tool, { home, target });
    notify(`${result.displayName} now uses Switchyard`, result.usage);
    return true;
  }

  async restore(tool: string): Promise<boolean> {
    const { response } = await dialog.showMessageBox({
      type: 'question',
      title: 'Restore previous config',
      message: `Put back the ${tool} config file as it was before Switchyard set it up?`,
      buttons: ['Restore', 'Cancel'],
      defaultId: 0,
      cancelId: 1,
      noLink: true,
    });
    if (response !== 0) return false;
    const result = restoreToolSetup(tool, { home: this.options.home, clientKey: this.options.target().clientKey });
    notify('Switchyard', result.restored ? (result.removed ? `Removed ${result.path}.` : `Restored ${result.path}.`) : `No backup of ${result.path} to restore.`);
    return result.restored;
  }
}
