// Runs in the renderer. The prompter: Polymny's "current sentence, next one greyed" or a scrolling
// text with its speed, font size and mirror for teleprompter glass. The current sentence can be
// edited in place in the studio window (not in the second window, which only follows).
import { useEffect, useRef, useState } from 'react';
import type { PrompterPreferences } from '../../../shared/domain/recording';
import { useT } from '../../i18n/useT';
import { prompterLines, type GrainScript, type PrompterPosition } from './logic/prompterPosition';
import type { RecordingPhase } from './prompterChannel';

export interface PrompterProps {
  script: GrainScript;
  position: PrompterPosition;
  prefs: PrompterPreferences;
  phase: RecordingPhase;
  /** Saves a new text for the current sentence; absent in the second window. */
  onEditSentence?(text: string): void;
  large?: boolean;
}

export function Prompter({ script, position, prefs, phase, onEditSentence, large }: PrompterProps) {
  const t = useT();
  const style = { fontSize: `${prefs.fontSize}px`, transform: prefs.mirror ? 'scaleX(-1)' : undefined };
  return (
    <section className={`prompter ${large ? 'prompter-large' : ''}`} aria-label={t('recording.prompter')} data-testid="prompter">
      {prefs.mode === 'scroll' ? (
        <ScrollingText script={script} position={position} prefs={prefs} running={phase === 'recording'} style={style} />
      ) : (
        <Lines script={script} position={position} style={style} onEditSentence={onEditSentence} />
      )}
    </section>
  );
}

function Lines({ script, position, style, onEditSentence }: { script: GrainScript; position: PrompterPosition; style: React.CSSProperties; onEditSentence?(text: string): void }) {
  const t = useT();
  const { current, next, nextIsNewSlide } = prompterLines(script, position);
  const [editing, setEditing] = useState<string | null>(null);
  useEffect(() => setEditing(null), [position.slideIndex, position.sentenceIndex]);
  const save = () => {
    if (editing !== null && editing.trim() && editing.trim() !== current) onEditSentence?.(editing.trim());
    setEditing(null);
  };
  return (
    <div className="prompter-lines" style={style}>
      {editing !== null ? (
        <input
          className="prompter-edit"
          aria-label={t('recording.editSentenceLabel')}
          value={editing}
          autoFocus
          onChange={(event) => setEditing(event.target.value)}
          onBlur={save}
          onKeyDown={(event) => {
            if (event.key === 'Enter') save();
            if (event.key === 'Escape') setEditing(null);
          }}
        />
      ) : (
        <p className="prompter-current" data-testid="prompter-current" onDoubleClick={() => onEditSentence && current !== null && setEditing(current)}>
          {current ?? <span className="muted">{t('recording.prompterEmpty')}</span>}
        </p>
      )}
      <p className="prompter-next" data-testid="prompter-next">
        {nextIsNewSlide && <span className="prompter-next-slide">{t('recording.prompterNextSlide')} · </span>}
        {next ?? ''}
      </p>
      {onEditSentence && current !== null && editing === null && (
        <button type="button" className="link-button prompter-edit-button" onClick={() => setEditing(current)}>
          {t('recording.editSentence')}
        </button>
      )}
    </div>
  );
}

function ScrollingText({ script, position, prefs, running, style }: { script: GrainScript; position: PrompterPosition; prefs: PrompterPreferences; running: boolean; style: React.CSSProperties }) {
  const box = useRef<HTMLDivElement>(null);
  // Follow the clicker: the current sentence comes into view when it changes.
  useEffect(() => {
    box.current?.querySelector('.prompter-scroll-current')?.scrollIntoView({ block: 'center', behavior: 'smooth' });
  }, [position.slideIndex, position.sentenceIndex]);
  useEffect(() => {
    if (!running || prefs.speed <= 0) return;
    let last = performance.now();
    const timer = setInterval(() => {
      const now = performance.now();
      if (box.current) box.current.scrollTop += (prefs.speed * (now - last)) / 1000;
      last = now;
    }, 50);
    return () => clearInterval(timer);
  }, [running, prefs.speed]);
  return (
    <div className="prompter-scroll" ref={box} data-testid="prompter-scroll">
      <div style={style}>
        {script.map((sentences, slideIndex) => (
          <div key={slideIndex} className="prompter-scroll-slide">
            {sentences.map((sentence, sentenceIndex) => (
              <p key={sentenceIndex} className={slideIndex === position.slideIndex && sentenceIndex === position.sentenceIndex ? 'prompter-scroll-current' : undefined}>
                {sentence}
              </p>
            ))}
          </div>
        ))}
      </div>
    </div>
  );
}
