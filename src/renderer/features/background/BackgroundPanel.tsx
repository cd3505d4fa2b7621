// Runs in the renderer. In the Record step, beside the devices: the virtual background (issue #15) —
// none, blur the room, or a plain colour — with the frame rate the preview keeps while it runs.
import { useT } from '../../i18n/useT';
import type { BackgroundMode } from '../../../shared/domain/background';
import type { BackgroundEffectState } from './useBackgroundEffect';

const MODES: BackgroundMode[] = ['none', 'blur', 'colour'];

export function BackgroundPanel({ state, locked }: { state: BackgroundEffectState; locked: boolean }) {
  const t = useT();
  const { effect, setEffect } = state;
  return (
    <fieldset className="panel background-panel" disabled={locked} data-testid="background-panel">
      <legend>{t('background.title')}</legend>
      {MODES.map((mode) => (
        <label key={mode}>
          <input type="radio" name="background-mode" value={mode} checked={effect.mode === mode} onChange={() => setEffect({ ...effect, mode })} data-testid={`background-mode-${mode}`} />
          {t(`background.mode_${mode}`)}
        </label>
      ))}
      {effect.mode === 'blur' && (
        <label>
          {t('background.blurStrength')}
          <input type="range" min={2} max={40} value={effect.blurPx} onChange={(event) => setEffect({ ...effect, blurPx: Number(event.target.value) })} />
        </label>
      )}
      {effect.mode === 'colour' && (
        <label>
          {t('background.colour')}
          <input type="color" value={effect.colour} onChange={(event) => setEffect({ ...effect, colour: event.target.value })} data-testid="background-colour" />
        </label>
      )}
      <p className="help" aria-live="polite" data-testid="background-status" data-fps={state.fps === null ? '' : state.fps.toFixed(1)}>
        {state.loading ? t('background.loading') : state.fps !== null ? t('background.fps', { fps: state.fps.toFixed(1) }) : t('background.help')}
      </p>
    </fieldset>
  );
}
