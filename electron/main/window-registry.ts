/**
 * Which webContents are ours and what each is for. IPC trusts a sender only when its id was registered
 * here as the dashboard when we created the window (never "the main window is id 1"); navigation rules
 * ask it which policy applies. Entries leave when their webContents is destroyed.
 */
import type { WebContents } from 'electron';

export type WindowRole = 'dashboard' | 'oauth';

export class WindowRegistry {
  private readonly entries = new Map<number, { role: WindowRole; contents: WebContents }>();

  add(contents: WebContents, role: WindowRole): void {
    const id = contents.id;
    this.entries.set(id, { role, contents });
    contents.once('destroyed', () => {
      if (this.entries.get(id)?.contents === contents) this.entries.delete(id);
    });
  }

  roleOf(contents: Pick<WebContents, 'id'>): WindowRole | undefined {
    return this.entries.get(contents.id)?.role;
  }

  /** True only for the very object we registered under that id. */
  isRegisteredAs(contents: WebContents, role: WindowRole): boolean {
    const entry = this.entries.get(contents.id);
    return entry !== undefined && entry.role === role && entry.contents === contents;
  }

  contentsWithRole(role: WindowRole): WebContents[] {
    return [...this.entries.values()].filter((entry) => entry.role === role && !entry.contents.isDestroyed()).map((entry) => entry.contents);
  }
}
