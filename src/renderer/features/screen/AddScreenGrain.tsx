// Runs in the renderer. Beside the editor's slides: "Add a screen grain" (issue #15), a grain that
// records a screen or a window instead of slides; the editor reloads the capsule to show it.
import { useState } from 'react';
import type { SlotProps } from '../registry';
import { useT } from '../../i18n/useT';
import { useEditorStore } from '../../stores/editorStore';
import { useUiStore } from '../../stores/uiStore';

export function AddScreenGrain({ studio, capsule }: SlotProps['editor.aside']) {
  const t = useT();
  const notifyError = useUiStore((state) => state.notifyError);
  const [busy, setBusy] = useState(false);
  const add = async () => {
    setBusy(true);
    try {
      await studio.addScreenGrain(capsule.id, undefined);
      await useEditorStore.getState().reload();
    } catch (error) {
      notifyError(error);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="panel screen-grain-panel" aria-labelledby="add-screen-grain-title">
      <h2 id="add-screen-grain-title" className="visually-hidden">
        {t('screen.addScreenGrain')}
      </h2>
      <button type="button" disabled={busy} onClick={() => void add()} data-testid="add-screen-grain">
        {t('screen.addScreenGrain')}
      </button>
      <p className="help">{t('screen.addScreenGrainHelp')}</p>
    </section>
  );
}

/** In a screen grain's header in the editor: says what the grain records (it has no slides to show). */
export function ScreenGrainBadge({ grain }: SlotProps['editor.grain']) {
  const t = useT();
  if (grain.kind !== 'screen') return null;
  return (
    <span className="badge screen-grain-badge" data-testid="screen-grain-badge">
      {t('screen.badge')}
    </span>
  );
}
