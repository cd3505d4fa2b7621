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
  /** What a step knows of its own completeness (e.g. Record: every included grain has a take). */
  status?: Partial<Record<ViewId, StepStatus>>;
  onSelect(view: ViewId): void;
}

export interface StepStatus {
  done: boolean;
  /** Short progress, read after the label ("2 of 32 grains recorded"). */
  detail?: string;
}

export function StepSidebar({ views, current, hasCapsule, capsuleTitle, status = {}, onSelect }: StepSidebarProps) {
  const t = useT();
  const steps = views.filter((view) => view.kind === 'step');
  const panels = views.filter((view) => view.kind === 'panel');
  const currentIndex = steps.findIndex((view) => view.id === current);

  const item = (view: ResolvedView, index: number | null) => {
    const disabled = view.needsCapsule && !hasCapsule;
    const isCurrent = view.id === current;
    // A step that knows its completeness says so; the others count as done once the user went past them.
    const own = hasCapsule ? status[view.id] : undefined;
    const done = own ? own.done : index !== null && currentIndex !== -1 && index < currentIndex;
    const incomplete = own !== undefined && !own.done && index !== null && currentIndex !== -1 && index < currentIndex;
    return (
      <li key={view.id}>
        <button
          type="button"
          className={`step ${isCurrent ? 'step-current' : ''} ${done ? 'step-done' : ''} ${incomplete ? 'step-incomplete' : ''}`}
          data-done={index !== null ? String(done) : undefined}
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
              {done ? '✓' : incomplete ? '!' : index + 1}
            </span>
          )}
          <span className="step-label">{t(view.label)}</span>
          {own?.detail && !own.done ? <span className="step-detail">{own.detail}</span> : null}
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
