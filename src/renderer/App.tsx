// Runs in the renderer. The shell: top bar (jobs, shortcuts, language), the step sidebar, the current
// view (Library and Edit, the shell's own steps in features/library and features/edit, Record/Produce/Publish/BBB/Live from registered features),
// the jobs panel, the shortcuts overlay and the notices.
import { useEffect, useMemo, useRef } from 'react';
import type { StudioClient } from './api/studioClient';
import { JobsPanel } from './components/JobsPanel';
import { LanguageSwitch } from './components/LanguageSwitch';
import { Notices } from './components/Notices';
import { ShortcutOverlay } from './components/ShortcutOverlay';
import { StepSidebar } from './components/StepSidebar';
import { allViews } from './features/registry';
import { useShortcuts } from './hooks/useShortcuts';
import { useT } from './i18n/useT';
import { useEditorStore } from './stores/editorStore';
import { isActiveJob, useJobsStore } from './stores/jobsStore';
import { useTakesStore } from './stores/takesStore';
import { useUiStore } from './stores/uiStore';
import { recordProgress } from './logic/grainCoverage';
import { EditorView } from './features/edit/EditorView';
import { LibraryView } from './features/library/LibraryView';

export function App({ studio }: { studio: StudioClient }) {
  const t = useT();
  const view = useUiStore((state) => state.view);
  const capsuleId = useUiStore((state) => state.capsuleId);
  const navigate = useUiStore((state) => state.navigate);
  const jobsOpen = useUiStore((state) => state.jobsOpen);
  const toggleJobs = useUiStore((state) => state.toggleJobs);
  const toggleShortcuts = useUiStore((state) => state.toggleShortcuts);
  const capsule = useEditorStore((state) => state.capsule);
  const activeJobs = useJobsStore((state) => Object.values(state.jobs).filter(isActiveJob).length);
  const views = useMemo(() => allViews(), []);
  const mainRef = useRef<HTMLElement>(null);

  // Say at once when the service connection drops, rather than at the next failed call.
  useEffect(
    () => studio.on('bridge.closed', () => useUiStore.getState().notifyError({ code: 'BRIDGE_DISCONNECTED', message: 'The connection to the studio service was lost.' })),
    [studio],
  );

  // The editor store follows the open capsule, whatever the view (feature views read it too).
  useEffect(() => {
    if (capsuleId) void useEditorStore.getState().open(capsuleId);
    else useEditorStore.getState().close();
    void useTakesStore.getState().load(capsuleId);
  }, [capsuleId]);
  const recordStatus = useTakesStore((state) => (state.capsuleId === capsuleId ? state.recordStatus : null));
  const stepStatus = useMemo(() => {
    if (!recordStatus) return {};
    const progress = recordProgress(recordStatus);
    return { record: { done: progress.done, detail: t('steps.recordProgress', { count: progress.recorded, total: progress.included }) } };
  }, [recordStatus, t]);

  const resolved = views.find((candidate) => candidate.id === view) ?? views[0]!;
  const blocked = resolved.needsCapsule && !capsuleId;
  useEffect(() => {
    if (blocked || resolved.id !== view) navigate('library', capsuleId);
  }, [blocked, resolved.id, view, capsuleId, navigate]);

  // Move focus to the new view's heading so keyboard and screen-reader users land in it.
  const firstRender = useRef(true);
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    mainRef.current?.querySelector<HTMLElement>('h1')?.focus();
  }, [resolved.id]);

  useShortcuts(['global'], (id) => {
    const selectable = views.filter((candidate) => candidate.kind === 'step' && (!candidate.needsCapsule || capsuleId));
    const index = selectable.findIndex((candidate) => candidate.id === resolved.id);
    switch (id) {
      case 'showShortcuts':
        toggleShortcuts(true);
        return;
      case 'toggleJobs':
        toggleJobs();
        return;
      case 'closeOverlay':
        if (!jobsOpen) return false;
        toggleJobs(false);
        return;
      case 'previousStep':
      case 'nextStep': {
        const next = selectable[index + (id === 'nextStep' ? 1 : -1)];
        if (next) navigate(next.id);
        return;
      }
      default:
        return false;
    }
  });

  let content;
  if (blocked) content = null;
  else if (resolved.id === 'library') content = <LibraryView studio={studio} />;
  else if (resolved.id === 'edit') content = <EditorView studio={studio} />;
  else if (resolved.component) {
    const Feature = resolved.component;
    content = <Feature studio={studio} capsule={capsule} navigate={navigate} />;
  }

  return (
    <div className={`app ${jobsOpen ? 'with-jobs' : ''}`}>
      <header className="topbar">
        <span className="brand">{t('app.name')}</span>
        <span className="topbar-spacer" />
        <button type="button" className={`topbar-button ${activeJobs > 0 ? 'busy' : ''}`} aria-pressed={jobsOpen} onClick={() => toggleJobs()} data-testid="jobs-button">
          {activeJobs > 0 ? t('jobs.openWithActive', { count: activeJobs }) : t('jobs.open')}
        </button>
        <button type="button" className="topbar-button" onClick={() => toggleShortcuts(true)} aria-label={t('shortcuts.open')} title={t('shortcuts.open')}>
          ?
        </button>
        <LanguageSwitch />
      </header>
      <StepSidebar views={views} current={resolved.id} hasCapsule={capsuleId !== null} capsuleTitle={capsuleId ? (capsule?.title ?? null) : null} status={stepStatus} onSelect={(id) => navigate(id)} />
      <main id="main" ref={mainRef} className="main">
        {content}
      </main>
      {jobsOpen && <JobsPanel />}
      <ShortcutOverlay />
      <Notices />
    </div>
  );
}
