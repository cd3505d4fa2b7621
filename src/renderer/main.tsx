// Runs in the renderer. Entry point: connect to the studio (Electron preload or loopback bridge),
// mirror its events into the stores, apply the saved language, then render the shell.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './styles.css';
import './features';
import { connectStudio } from './api/studioClient';
import { App } from './App';
import { describeError, t } from './i18n';
import { setStudio } from './studio';
import { useJobsStore } from './stores/jobsStore';
import { announceUnfinishedJobs, syncStoresWith } from './stores/sync';
import { applySavedLanguage, useUiStore } from './stores/uiStore';

function Splash({ error }: { error?: unknown }) {
  if (error === undefined) return <p className="splash">{t('app.connecting')}</p>;
  return (
    <div className="splash" role="alert">
      <h1>{t('app.connectionFailed')}</h1>
      <p>{describeError(error)}</p>
      <button type="button" onClick={() => window.location.reload()}>
        {t('app.reloadPage')}
      </button>
    </div>
  );
}

async function boot(): Promise<void> {
  const container = document.getElementById('root');
  if (!container) throw new Error('index.html has no #root element');
  const root = createRoot(container);
  // Creating the ui store picks the OS/browser language before anything is shown.
  useUiStore.getState();
  root.render(<Splash />);
  try {
    const studio = await connectStudio();
    setStudio(studio);
    syncStoresWith(studio);
    applySavedLanguage(await studio.getSettings());
    // Jobs an earlier run left unfinished may have been resumed before this page listened for
    // `jobs.resumed`: the ones active now are named once.
    void useJobsStore
      .getState()
      .load()
      .then(() => announceUnfinishedJobs(Object.values(useJobsStore.getState().jobs), 'unfinished'));
    root.render(
      <StrictMode>
        <App studio={studio} />
      </StrictMode>,
    );
  } catch (error) {
    root.render(<Splash error={error} />);
  }
}

void boot();
