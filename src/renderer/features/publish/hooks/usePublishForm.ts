// Runs in the renderer. The publish form of one capsule on one server: the server's lists and the
// form's starting point, the details as edited, which fields were touched, whether publishing was
// tried (our checks speak only then), Pod's own field errors, and "replace or new" when it is already there.
import { useCallback, useEffect, useState } from 'react';
import type { PodFieldErrors, PodMetadata, PodMetadataField, PodVocabulary, PublishDraft, PublishMode } from '../../../../shared/domain/pod';
import type { StudioClient } from '../../../api/studioClient';
import { visibleErrors } from '../logic/publishForm';

export interface PublishForm {
  vocabulary: PodVocabulary | null;
  draft: PublishDraft | null;
  metadata: PodMetadata | null;
  /** Asked, never assumed, when the capsule is already on this server. */
  mode: PublishMode | null;
  setMode(mode: PublishMode): void;
  /** The errors to show next to the fields now. */
  errors: PodFieldErrors;
  setServerErrors(errors: PodFieldErrors): void;
  /** A try to publish: every field's check speaks from now on. */
  markSubmitted(): void;
  onField(next: PodMetadata, field: PodMetadataField): void;
  refreshing: boolean;
  refreshLists(): Promise<void>;
}

export function usePublishForm(studio: StudioClient, profileId: string | null, capsuleId: string | null, onError: (failure: unknown) => void): PublishForm {
  const [vocabulary, setVocabulary] = useState<PodVocabulary | null>(null);
  const [draft, setDraft] = useState<PublishDraft | null>(null);
  const [metadata, setMetadata] = useState<PodMetadata | null>(null);
  const [serverErrors, setServerErrors] = useState<PodFieldErrors>({});
  const [touched, setTouched] = useState<ReadonlySet<PodMetadataField>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [mode, setMode] = useState<PublishMode | null>(null);
  const [refreshing, setRefreshing] = useState(false);

  // A server chosen: its lists (cached) and the form's starting point.
  useEffect(() => {
    setVocabulary(null);
    setDraft(null);
    setMetadata(null);
    setServerErrors({});
    setTouched(new Set());
    setSubmitted(false);
    if (!profileId || !capsuleId) return;
    let stale = false;
    Promise.all([studio.getPodVocabulary(profileId, undefined), studio.getPublishDraft({ profileId, capsuleId })])
      .then(([lists, start]) => {
        if (stale) return;
        setVocabulary(lists);
        setDraft(start);
        setMetadata(start.metadata);
        setMode(start.previous ? null : 'new');
      })
      .catch((failure: unknown) => !stale && onError(failure));
    return () => {
      stale = true;
    };
  }, [studio, profileId, capsuleId, onError]);

  const onField = useCallback((next: PodMetadata, field: PodMetadataField) => {
    setMetadata(next);
    setTouched((current) => (current.has(field) ? current : new Set([...current, field])));
    // Pod's error on a field is answered by editing it.
    setServerErrors((current) => (current[field] ? { ...current, [field]: undefined } : current));
  }, []);

  const refreshLists = useCallback(async () => {
    if (!profileId) return;
    setRefreshing(true);
    try {
      setVocabulary(await studio.getPodVocabulary(profileId, { refresh: true }));
    } catch (failure) {
      onError(failure);
    } finally {
      setRefreshing(false);
    }
  }, [studio, profileId, onError]);

  return {
    vocabulary,
    draft,
    metadata,
    mode,
    setMode,
    errors: metadata ? visibleErrors(metadata, vocabulary, serverErrors, touched, submitted) : {},
    setServerErrors,
    markSubmitted: useCallback(() => setSubmitted(true), []),
    onField,
    refreshing,
    refreshLists,
  };
}
