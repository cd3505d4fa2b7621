// Runs in the renderer. An error shown next to the action that caused it: kept as the error itself
// (code, details) and translated at each render, so it follows a language switch, and scrolled into
// view when it appears, so an action never seems to do nothing.
import { useEffect, useRef } from 'react';
import { toErrorInfo, type StudioErrorInfo } from '../../shared/errors';
import { useT } from '../i18n/useT';

/** What views keep in their state for an error: data, never a translated string. */
export type ShownError = StudioErrorInfo | null;

export function errorState(error: unknown): StudioErrorInfo {
  return toErrorInfo(error);
}

interface InlineErrorProps {
  error: ShownError;
  /** Overrides the sentence for some codes in this place (e.g. a Pod 404 while listing broadcasters). */
  describe?(error: StudioErrorInfo): string | null;
  className?: string;
  testId?: string;
  onDismiss?(): void;
}

export function InlineError({ error, describe, className = 'form-error', testId, onDismiss }: InlineErrorProps) {
  const t = useT();
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // jsdom and old engines lack scrollIntoView; the error is still rendered.
    if (error) ref.current?.scrollIntoView?.({ block: 'nearest' });
  }, [error]);
  if (!error) return null;
  return (
    <div ref={ref} className={`inline-error ${className}`} role="alert" data-testid={testId} data-code={error.code}>
      <span>{describe?.(error) ?? t.error(error)}</span>
      {onDismiss ? (
        <button type="button" className="icon-button" aria-label={t('app.dismiss')} onClick={onDismiss}>
          ×
        </button>
      ) : null}
    </div>
  );
}
