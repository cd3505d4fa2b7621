// Runs in the renderer. The second prompter window (studio operators, another display): it shows
// only the prompter, large, following the studio window over a BroadcastChannel, and sends the keys
// of a clicker plugged into this screen back to the studio window.
import { useEffect, useRef, useState } from 'react';
import { useShortcuts } from '../../hooks/useShortcuts';
import { useT } from '../../i18n/useT';
import { formatClock } from './logic/mediaClock';
import { Prompter } from './Prompter';
import { openPrompterChannel, type PrompterSnapshot } from './prompterChannel';

export function PrompterWindow() {
  const t = useT();
  const [state, setState] = useState<PrompterSnapshot | null>(null);
  const channel = useRef<ReturnType<typeof openPrompterChannel> | null>(null);
  useEffect(() => {
    const opened = openPrompterChannel((message) => {
      if (message.type === 'state') setState(message.state);
    });
    channel.current = opened;
    opened.post({ type: 'hello' });
    document.title = t('recording.secondWindowTitle');
    return () => opened.close();
  }, [t]);
  useShortcuts(['recording'], (id) => {
    channel.current?.post({ type: 'command', id });
    return true;
  });

  return (
    <div className="prompter-window" data-testid="prompter-window" data-phase={state?.phase ?? 'waiting'}>
      {state ? (
        <>
          <div className="prompter-window-status">
            {(state.phase === 'recording' || state.phase === 'paused') && (
              <span className={`rec-indicator ${state.phase === 'paused' ? 'rec-paused' : ''}`}>{state.phase === 'paused' ? `❚❚ ${t('recording.paused')}` : `● ${t('recording.recording')}`}</span>
            )}
            <span>{t('recording.grain', { number: state.grainNumber })}</span>
            <span>{t('recording.slideOf', { current: state.position.slideIndex + 1, total: state.script.length })}</span>
            <span>{t('recording.elapsedSlide', { time: formatClock(state.slideMs) })}</span>
            <span>{t('recording.elapsedTotal', { time: formatClock(state.totalMs) })}</span>
          </div>
          {state.phase === 'countdown' ? <div className="countdown">{state.countdown}</div> : <Prompter script={state.script} position={state.position} prefs={state.prompter} phase={state.phase} large />}
        </>
      ) : (
        <p className="muted">{t('recording.secondWindowWaiting')}</p>
      )}
    </div>
  );
}
