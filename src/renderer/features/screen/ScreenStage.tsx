// Runs in the renderer. In the Record step, where a slide grain shows its slide: the screen grain's
// shared screen (live preview), with the buttons to choose it, change it or stop sharing.
import { useEffect, useRef } from 'react';
import { useT } from '../../i18n/useT';
import { captureLabel } from './screenCapture';
import type { ScreenCaptureState } from './useScreenCapture';

export function ScreenStage({ capture, locked }: { capture: ScreenCaptureState; locked: boolean }) {
  const t = useT();
  const video = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    if (video.current) video.current.srcObject = capture.stream;
  }, [capture.stream]);
  return (
    <div className="record-slide screen-stage" data-testid="screen-stage">
      {capture.stream ? (
        <>
          <video ref={video} autoPlay muted playsInline aria-label={t('screen.previewLabel')} data-testid="screen-preview" />
          <p className="help">{t('screen.sharing', { label: captureLabel(capture.stream) })}</p>
        </>
      ) : (
        <p className="help" role={capture.ended ? 'alert' : undefined}>
          {capture.ended ? t('screen.screenEnded') : t('screen.noScreenYet')}
        </p>
      )}
      <div className="screen-actions">
        <button type="button" disabled={locked} onClick={() => void capture.choose()} data-testid="choose-screen">
          {capture.stream ? t('screen.changeScreen') : t('screen.chooseScreen')}
        </button>
        {capture.stream && (
          <button type="button" disabled={locked} onClick={capture.stop}>
            {t('screen.stopSharing')}
          </button>
        )}
      </div>
    </div>
  );
}
