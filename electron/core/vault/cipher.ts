/** How the vault seals its file. safeStorage in Electron, AES-256-GCM with a keyring key headless. */
export interface Cipher {
  /** e.g. `aes-256-gcm+keyring`, `aes-256-gcm+keyfile`, `safe-storage:gnome_libsecret`. */
  readonly name: string;
  /** Set when secrets are not protected by the OS on this machine; shown in health and the UI. */
  readonly warning: string | undefined;
  encrypt(plain: Buffer): Promise<Buffer>;
  decrypt(sealed: Buffer): Promise<Buffer>;
}
