/** Copies text to the clipboard and says so (to screen readers too). */
import { useEffect, useState } from 'react';

export interface CopyButtonProps {
  /** What is copied, for the button's accessible name ("Copy the Claude Code snippet"). */
  what: string;
  text: () => string | Promise<string>;
  label?: string;
}

export function CopyButton({ what, text, label = 'Copy' }: CopyButtonProps) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');

  useEffect(() => {
    if (state === 'idle') return;
    const timer = setTimeout(() => setState('idle'), 2_000);
    return () => clearTimeout(timer);
  }, [state]);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(await text());
      setState('copied');
    } catch {
      setState('failed');
    }
  };

  return (
    <>
      <button type="button" className="copy-button" aria-label={`Copy ${what}`} onClick={() => void copy()}>
        {state === 'copied' ? 'Copied' : state === 'failed' ? 'Copy failed' : label}
      </button>
      <span className="visually-hidden" role="status">
        {state === 'copied' ? `Copied ${what}.` : state === 'failed' ? `Could not copy ${what}: select the text and copy it by hand.` : ''}
      </span>
    </>
  );
}
