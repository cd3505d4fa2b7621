// Runs in the renderer. In the Record step, beside the devices: the virtual background (issue #15) —
// none, blur the room, a plain colour, or an image (a built-in gradient or a picture file of the
// teacher's) — with the frame rate the preview keeps while it runs.
import { useState } from 'react';
import { useT } from '../../i18n/useT';
import { BUILT_IN_BACKDROPS, builtInBackdropOf, DEFAULT_BACKDROP_LABEL, type BackgroundMode } from '../../../shared/domain/background';
import type { BackgroundEffectState } from './useBackgroundEffect';

const MODES: BackgroundMode[] = ['none', 'blur', 'colour', 'image'];

export function BackgroundPanel({ state, locked }: { state: BackgroundEffectState; locked: boolean }) {
  const t = useT();
  const { effect, setEffect, choosePicture, pictureLabel } = state;
  const [unreadableImage, setUnreadableImage] = useState(false);
  // The label drawn now: a built-in one, the picked picture's, or (neither known) the default gradient.
  const shownImage = builtInBackdropOf(effect.image) || (pictureLabel !== null && effect.image === pictureLabel) ? effect.image : DEFAULT_BACKDROP_LABEL;
  const onPicked = (input: HTMLInputElement) => {
    const file = input.files?.[0];
    if (!file) return;
    choosePicture(file).then(
      () => setUnreadableImage(false),
      (error: unknown) => {
        // Not an image the browser can decode: the background stays as it was, the panel says why.
        console.warn('the chosen background image could not be decoded', error);
        setUnreadableImage(true);
      },
    );
    // Picking the same file again (after editing it) must fire a change again.
    input.value = '';
  };
  return (
    <fieldset className="panel background-panel" disabled={locked} data-testid="background-panel">
      <legend>{t('background.title')}</legend>
      {MODES.map((mode) => (
        <label key={mode}>
          <input type="radio" name="background-mode" value={mode} checked={effect.mode === mode} onChange={() => setEffect({ ...effect, mode, image: mode === 'image' ? (effect.image ?? DEFAULT_BACKDROP_LABEL) : effect.image })} data-testid={`background-mode-${mode}`} />
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
      {effect.mode === 'image' && (
        <fieldset className="background-images" data-testid="background-images">
          <legend>{t('background.image')}</legend>
          {BUILT_IN_BACKDROPS.map((backdrop) => (
            <label key={backdrop}>
              <input type="radio" name="background-image" checked={shownImage === `builtin:${backdrop}`} onChange={() => setEffect({ ...effect, image: `builtin:${backdrop}` })} />
              {t(`background.backdrop_${backdrop}`)}
            </label>
          ))}
          {pictureLabel !== null && (
            <label>
              <input type="radio" name="background-image" checked={shownImage === pictureLabel} onChange={() => setEffect({ ...effect, image: pictureLabel })} />
              {t('background.yourImage', { name: pictureLabel.slice('file:'.length) })}
            </label>
          )}
          <label>
            {t('background.pickImage')}
            <input type="file" accept="image/*" onChange={(event) => onPicked(event.target)} data-testid="background-image-file" />
          </label>
          {unreadableImage && (
            <p role="alert" className="error" data-testid="background-image-error">
              {t('background.imageUnreadable')}
            </p>
          )}
        </fieldset>
      )}
      <p className="help" aria-live="polite" data-testid="background-status" data-fps={state.fps === null ? '' : state.fps.toFixed(1)}>
        {state.loading ? t('background.loading') : state.fps !== null ? t('background.fps', { fps: state.fps.toFixed(1) }) : t('background.help')}
      </p>
    </fieldset>
  );
}
