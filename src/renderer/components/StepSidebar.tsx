// Runs in the renderer. The progress sidebar of the step-by-step flow (Library → Edit → Record →
// Produce → Publish, numbered, as in Opencast Studio) and the side panels (BBB import, Live).
import { useT } from '../i18n/useT';
import type { ResolvedView } from '../features/registry';
import type { ViewId } from '../stores/uiStore';

export interface StepSidebarProps {
  views: ResolvedView[];
  current: ViewId;
  hasCapsule: boolean;
  capsuleTitle: string | null;
  onSelect(view: ViewId): void;
}

export function StepSidebar({ views, current, hasCapsule, capsuleTitle, onSelect }: StepSidebarProps) {
  const t = useT();
  const steps = views.filter((view) => view.kind === 'step');
  const panels = views.filter((view) => view.kind === 'panel');
  const currentIndex = steps.findIndex((view) => view.id === current);

  const item = (view: ResolvedView, index: number | null) => {
    const disabled = view.needsCapsule && !hasCapsule;
    const isCurrent = view.id === current;
    const done = index !== null && currentIndex !== -1 && index < currentIndex;
    return (
      <li key={view.id}>
        <button
          type="button"
          className={`step ${isCurrent ? 'step-current' : ''} ${done ? 'step-done' : ''}`}
          aria-current={isCurrent ? 'step' : undefined}
          aria-disabled={disabled || undefined}
          title={disabled ? t('steps.needsCapsule') : undefined}
          data-view={view.id}
          onClick={() => {
            if (!disabled) onSelect(view.id);
          }}
        >
          {index !== null && (
            <span className="step-number" aria-hidden="true">
              {done ? '✓' : index + 1}
            </span>
          )}
          <span className="step-label">{t(view.label)}</span>
        </button>
      </li>
    );
  };

  return (
    <nav className="sidebar" aria-label={t('app.mainNavigation')}>
      {capsuleTitle && (
        <p className="sidebar-capsule" title={capsuleTitle}>
          {capsuleTitle}
        </p>
      )}
      <ol className="steps">{steps.map((view, index) => item(view, index))}</ol>
      {panels.length > 0 && (
        <>
          <h2 className="sidebar-heading">{t('app.sidePanels')}</h2>
          <ul className="steps panels">{panels.map((view) => item(view, null))}</ul>
        </>
      )}
    </nav>
  );
}
