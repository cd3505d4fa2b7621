// Runs in the renderer. A tiny typed i18n: two languages, flat dictionaries, `{param}` interpolation,
// plurals through Intl.PluralRules, and StudioError codes translated (never a stack trace).
//
// How to use it
// -------------
//   import { t } from '../i18n';            // outside React (stores, helpers)
//   import { useT } from '../i18n/useT';    // in components: re-renders when the language changes
//   t('library.slides', { count: 3 })       // picks 'library.slides_one' / '_other' from `count`
//   describeError(error)                    // 'errors.<CODE>' or the error's plain message
//
// Adding a feature's strings (recording, montage, publish, bbb, live, …)
// ---------------------------------------------------------------------
// 1. In src/renderer/features/<feature>/messages.ts:
//      import { defineMessages } from '../../i18n';
//      export const messages = defineMessages({
//        en: { start: 'Start recording', takes_one: '{count} take', takes_other: '{count} takes' },
//        fr: { start: 'Démarrer l’enregistrement', takes_one: '{count} prise', takes_other: '{count} prises' },
//      });
//    (TypeScript refuses a key present in one language and missing in the other.)
// 2. Give them to the feature registry (src/renderer/features/registry.ts) as
//      registerFeature({ id: 'recording', messages, views: [...] })
//    or call registerMessages('recording', messages) directly. Keys are namespaced by the feature
//    id: use them as t('recording.start'). Errors of a feature's own codes go in the core-style
//    namespace by registering them under 'errors': registerMessages('errors', { en: { TAKE_GONE: '…' }, fr: {…} }).
// 3. Add the feature's import line to src/renderer/features/index.ts. Nothing else.
import { en, type CoreMessageKey } from './en';
import { fr } from './fr';
import { frenchTypography, interpolate, type MessageParams } from './format';

export type Language = 'en' | 'fr';
export const LANGUAGES: readonly Language[] = ['en', 'fr'];
export const DEFAULT_LANGUAGE: Language = 'en';

/** A core key, or a feature key such as 'recording.start' (checked at run time: missing keys show as the key). */
export type MessageKey = CoreMessageKey | (string & {});
export type { MessageParams } from './format';

export interface FeatureMessages<K extends string = string> {
  en: Record<K, string>;
  fr: Record<K, string>;
}

const dictionaries: Record<Language, Record<string, string>> = {
  en: { ...en },
  fr: { ...fr },
};

let current: Language = DEFAULT_LANGUAGE;
const pluralRules = new Map<Language, Intl.PluralRules>();

/** Identity function whose only job is to make TypeScript check both languages have the same keys. */
export function defineMessages<K extends string>(messages: FeatureMessages<K>): FeatureMessages<K> {
  return messages;
}

/** Merges a feature's dictionaries under `namespace.` (later registrations of the same key win). */
export function registerMessages(namespace: string, messages: FeatureMessages): void {
  for (const language of LANGUAGES) {
    for (const [key, value] of Object.entries(messages[language])) {
      dictionaries[language][`${namespace}.${key}`] = value;
    }
  }
}

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** The first supported language among the user's preferences (navigator.languages), else English. */
export function detectLanguage(preferences: readonly string[]): Language {
  for (const preference of preferences) {
    const base = preference.toLowerCase().split(/[-_]/)[0];
    if (isLanguage(base)) return base;
  }
  return DEFAULT_LANGUAGE;
}

export function setCurrentLanguage(language: Language): void {
  current = language;
  if (typeof document !== 'undefined') document.documentElement.lang = language;
}

export function currentLanguage(): Language {
  return current;
}

export function hasMessage(key: string, language: Language = current): boolean {
  return key in dictionaries[language] || key in dictionaries[DEFAULT_LANGUAGE];
}

/** Whether `language` itself has a text for `key` (no fallback to English): for completeness tests. */
export function hasOwnMessage(key: string, language: Language): boolean {
  return key in dictionaries[language];
}

function pluralCategory(language: Language, count: number): string {
  let rules = pluralRules.get(language);
  if (!rules) {
    rules = new Intl.PluralRules(language);
    pluralRules.set(language, rules);
  }
  return rules.select(count);
}

function lookup(language: Language, key: string): string | undefined {
  return dictionaries[language][key] ?? dictionaries[DEFAULT_LANGUAGE][key];
}

/** Translates `key` in `language`; a numeric `count` selects the `_one`/`_other`… variant. */
export function translate(language: Language, key: MessageKey, params?: MessageParams): string {
  let template: string | undefined;
  const count = params?.count;
  if (typeof count === 'number') {
    template = lookup(language, `${key}_${pluralCategory(language, count)}`) ?? lookup(language, `${key}_other`);
  }
  template ??= lookup(language, key);
  if (template === undefined) return key;
  return interpolate(language === 'fr' ? frenchTypography(template) : template, params, language);
}

export function t(key: MessageKey, params?: MessageParams): string {
  return translate(current, key, params);
}

/**
 * A user-facing sentence for any failure: `errors.<CODE>.detailed` when the error's details carry
 * every value it needs, else `errors.<CODE>`, else the error's own plain message, else INTERNAL.
 * Stacks are never read.
 */
export function describeError(error: unknown, language: Language = current): string {
  const code = typeof (error as { code?: unknown } | null)?.code === 'string' ? (error as { code: string }).code : null;
  const message = typeof (error as { message?: unknown } | null)?.message === 'string' ? (error as { message: string }).message : '';
  const details = (error as { details?: unknown } | null)?.details;
  if (code) {
    const detailedKey = `errors.${code}.detailed`;
    const detailed = lookup(language, detailedKey);
    if (detailed !== undefined && details && typeof details === 'object') {
      const params = primitiveParams(details as Record<string, unknown>);
      const text = interpolate(language === 'fr' ? frenchTypography(detailed) : detailed, params, language);
      if (!/\{[a-zA-Z0-9_]+\}/.test(text)) return text;
    }
    if (lookup(language, `errors.${code}`) !== undefined) return translate(language, `errors.${code}`);
  }
  const firstLine = message.split('\n')[0]?.trim() ?? '';
  return firstLine || translate(language, 'errors.INTERNAL');
}

function primitiveParams(details: Record<string, unknown>): MessageParams {
  const params: MessageParams = {};
  for (const [key, value] of Object.entries(details)) {
    if (typeof value === 'string' || typeof value === 'number') params[key] = value;
  }
  return params;
}
