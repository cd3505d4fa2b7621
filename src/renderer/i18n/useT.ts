// Runs in the renderer. The React side of i18n: components call useT() and re-render when the
// language changes (the language lives in the ui store).
import { useMemo } from 'react';
import { describeError, translate, type Language, type MessageKey, type MessageParams } from './index';
import { useUiStore } from '../stores/uiStore';

export interface Translator {
  (key: MessageKey, params?: MessageParams): string;
  error(error: unknown): string;
  language: Language;
}

export function useT(): Translator {
  const language = useUiStore((state) => state.language);
  return useMemo(() => {
    const translator = (key: MessageKey, params?: MessageParams) => translate(language, key, params);
    return Object.assign(translator, { error: (error: unknown) => describeError(error, language), language });
  }, [language]);
}
