// Runs in the renderer. Keeps a second prompter window (opened with ?prompter) in step with the Record
// step: it is sent the prompter's state after every render and when it says hello, and its clicker's
// keys come back as shortcuts.
import { useEffect, useRef } from 'react';
import type { ShortcutId } from '../../shortcuts';
import { openPrompterChannel, PROMPTER_WINDOW_PARAM, type PrompterSnapshot } from './prompterChannel';

export function usePrompterWindowSync(snapshot: PrompterSnapshot | null, runShortcut: (id: ShortcutId) => boolean): void {
  const channel = useRef<ReturnType<typeof openPrompterChannel> | null>(null);
  // The channel lives as long as the view; it reads the newest state and handler through refs.
  const latest = useRef({ snapshot, runShortcut });
  useEffect(() => {
    latest.current = { snapshot, runShortcut };
  });
  useEffect(() => {
    const opened = openPrompterChannel((message) => {
      if (message.type === 'hello' && latest.current.snapshot) opened.post({ type: 'state', state: latest.current.snapshot });
      if (message.type === 'command') latest.current.runShortcut(message.id);
    });
    channel.current = opened;
    return () => opened.close();
  }, []);
  useEffect(() => {
    if (snapshot) channel.current?.post({ type: 'state', state: snapshot });
  });
}

/** Opens the prompter alone in a second window (for a second screen facing the speaker). */
export function openPrompterWindow(): void {
  const url = new URL(window.location.href);
  url.searchParams.set(PROMPTER_WINDOW_PARAM, '1');
  url.hash = '';
  window.open(url.toString(), 'capsule-prompter', 'popup,width=1000,height=600');
}
