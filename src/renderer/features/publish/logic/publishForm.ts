// Runs in the renderer (pure). The publish form's rules: which channels the owner may use, which themes
// go with the chosen channels, how a field's errors read, and when the form may be sent.
import type { PodFieldErrors, PodMetadata, PodMetadataField, PodVocabulary } from '../../../../shared/domain/pod';
import { hasFieldErrors, METADATA_ERROR, validatePodMetadata } from '../../../../shared/logic/podMetadata';

/** Channels the owner belongs to (as owner or member); all of them when the server lists no members. */
export function channelsFor(vocabulary: PodVocabulary, ownerUrl: string | null): PodVocabulary['channels'] {
  if (!ownerUrl) return vocabulary.channels;
  const mine = vocabulary.channels.filter((channel) => channel.memberPaths.includes(ownerUrl));
  return mine.length > 0 ? mine : vocabulary.channels;
}

export function themesFor(vocabulary: PodVocabulary, channels: readonly string[]): PodVocabulary['themes'] {
  return vocabulary.themes.filter((theme) => theme.channel !== null && channels.includes(theme.channel));
}

/** Choosing channels drops the themes that no longer belong to one of them. */
export function withChannels(metadata: PodMetadata, channels: string[], vocabulary: PodVocabulary): PodMetadata {
  const allowed = new Set(themesFor(vocabulary, channels).map((theme) => theme.path));
  return { ...metadata, channels, themes: metadata.themes.filter((theme) => allowed.has(theme)) };
}

/** Local codes translate through `publish.fieldError.<code>`; Pod's own messages are shown as Pod wrote them. */
export function fieldMessages(errors: PodFieldErrors, field: PodMetadataField | 'general', translate: (key: string) => string, has: (key: string) => boolean): string[] {
  return (errors[field] ?? []).map((message) => (has(`publish.fieldError.${message}`) ? translate(`publish.fieldError.${message}`) : message));
}

/** Errors to show: our checks, plus Pod's field errors of the last attempt (cleared for a field once it is edited). */
export function formErrors(metadata: PodMetadata, vocabulary: PodVocabulary | null, serverErrors: PodFieldErrors): PodFieldErrors {
  const local = validatePodMetadata(metadata, vocabulary);
  const merged: PodFieldErrors = { ...serverErrors };
  for (const [field, messages] of Object.entries(local) as [keyof PodFieldErrors, string[]][]) merged[field] = [...(merged[field] ?? []), ...messages];
  return merged;
}

/** A value the cached lists do not know does not block: publishing fetches the server's lists again first. */
export function canPublish(metadata: PodMetadata, vocabulary: PodVocabulary | null): boolean {
  const errors = validatePodMetadata(metadata, vocabulary);
  for (const key of Object.keys(errors) as (keyof PodFieldErrors)[]) errors[key] = errors[key]?.filter((code) => code !== METADATA_ERROR.notOffered);
  return !hasFieldErrors(errors);
}

/** The field errors a failed publication carries (`details.fields`), or none. */
export function fieldErrorsOf(error: { details?: Record<string, unknown> } | null | undefined): PodFieldErrors {
  const fields = error?.details?.fields;
  return fields && typeof fields === 'object' ? (fields) : {};
}

/**
 * The errors worth showing now: Pod's (they answer an attempt) always; our own checks only for a field
 * the person has touched, or for every field once they tried to publish — a blank form is not an error.
 */
export function visibleErrors(
  metadata: PodMetadata,
  vocabulary: PodVocabulary | null,
  serverErrors: PodFieldErrors,
  touched: ReadonlySet<PodMetadataField>,
  submitted: boolean,
): PodFieldErrors {
  const local = validatePodMetadata(metadata, vocabulary);
  const shown: PodFieldErrors = { ...serverErrors };
  for (const [field, messages] of Object.entries(local) as [keyof PodFieldErrors, string[]][]) {
    if (!submitted && field !== 'general' && !touched.has(field)) continue;
    shown[field] = [...(shown[field] ?? []), ...messages];
  }
  return shown;
}
