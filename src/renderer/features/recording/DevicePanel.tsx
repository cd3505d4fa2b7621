// Runs in the renderer. The device check: camera and microphone choice, what to record (camera,
// camera off, sound only), resolutions the camera really supports, a mirrored preview (the recording
// is never mirrored), a level meter with clipping and silence warnings, and a clear sentence when a
// device is missing, busy or denied.
import { useEffect, useRef, useState } from 'react';
import type { CaptureMode, RecordingPreferences } from '../../../shared/domain/recording';
import { useT } from '../../i18n/useT';
import { meterFraction } from './logic/audioLevel';
import type { DeviceProblem } from './logic/deviceProblems';
import { probeResolutions, type CaptureState } from './useCaptureDevices';
import type { AudioLevel } from './useAudioLevel';

export type PreferencesPatch = Partial<Omit<RecordingPreferences, 'prompter'>> & { prompter?: Partial<RecordingPreferences['prompter']> };

interface DevicePanelProps {
  prefs: RecordingPreferences;
  capture: CaptureState;
  level: AudioLevel;
  locked: boolean;
  onChange(patch: PreferencesPatch): void;
}

const CAMERA_PROBLEM_KEYS: Record<DeviceProblem, string> = {
  denied: 'recording.deniedCamera',
  busy: 'recording.busyCamera',
  missing: 'recording.missingCamera',
  overconstrained: 'recording.overconstrainedCamera',
  insecure: 'recording.insecure',
  unknown: 'recording.unknownDevice',
};
const MICROPHONE_PROBLEM_KEYS: Record<DeviceProblem, string> = {
  denied: 'recording.deniedMicrophone',
  busy: 'recording.busyMicrophone',
  missing: 'recording.missingMicrophone',
  overconstrained: 'recording.unknownDevice',
  insecure: 'recording.insecure',
  unknown: 'recording.unknownDevice',
};

export function DevicePanel({ prefs, capture, level, locked, onChange }: DevicePanelProps) {
  const t = useT();
  const video = useRef<HTMLVideoElement>(null);
  const [probing, setProbing] = useState(false);
  const hasVideo = (capture.stream?.getVideoTracks().length ?? 0) > 0;

  useEffect(() => {
    if (video.current) video.current.srcObject = hasVideo ? capture.stream : null;
  }, [capture.stream, hasVideo]);

  const probed = prefs.probedResolutions[prefs.videoDeviceId ?? 'default'] ?? [];
  const probe = async () => {
    setProbing(true);
    try {
      const found = await probeResolutions(prefs.videoDeviceId);
      onChange({ probedResolutions: { [prefs.videoDeviceId ?? 'default']: found } });
    } finally {
      setProbing(false);
      capture.reopen();
    }
  };

  return (
    <section className="device-panel" aria-label={t('recording.devices')}>
      <h2>{t('recording.devices')}</h2>
      {capture.cameraProblem && (
        <div className="error-banner device-problem" role="alert" data-testid="camera-problem">
          <p>{t(CAMERA_PROBLEM_KEYS[capture.cameraProblem])}</p>
          <p className="device-problem-actions">
            {prefs.mode !== 'audio_only' && (
              <button type="button" onClick={() => onChange({ mode: 'audio_only' })} disabled={locked}>
                {t('recording.useAudioOnly')}
              </button>
            )}
            <button type="button" onClick={capture.reopen} disabled={locked}>
              {t('recording.retryDevices')}
            </button>
          </p>
        </div>
      )}
      {capture.microphoneProblem && (
        <div className="error-banner device-problem" role="alert" data-testid="microphone-problem">
          <p>{t(MICROPHONE_PROBLEM_KEYS[capture.microphoneProblem])}</p>
          <button type="button" onClick={capture.reopen} disabled={locked}>
            {t('recording.retryDevices')}
          </button>
        </div>
      )}
      <div className="device-preview">
        {hasVideo ? (
          <video ref={video} className={prefs.mirrorPreview ? 'mirrored' : undefined} muted playsInline autoPlay aria-label={t('recording.previewLabel')} data-testid="camera-preview" />
        ) : (
          <p className="device-no-preview">{t('recording.noPreview')}</p>
        )}
      </div>
      <div className="vu" aria-label={t('recording.level')} data-testid="vu-meter" data-rms-db={Number.isFinite(level.rmsDb) ? level.rmsDb.toFixed(1) : '-inf'}>
        <div className="vu-bar">
          <div className="vu-rms" style={{ width: `${meterFraction(level.rmsDb) * 100}%` }} />
          <div className="vu-peak" style={{ left: `${meterFraction(level.peakDb) * 100}%` }} />
        </div>
        <span className="vu-value">{t('recording.levelDb', { db: Number.isFinite(level.rmsDb) ? Math.round(level.rmsDb) : '−∞' })}</span>
      </div>
      {level.clipping && (
        <p className="warning" role="status" data-testid="level-clipping">
          {t('recording.clipping')}
        </p>
      )}
      {level.silent && capture.stream && (
        <p className="warning" role="status" data-testid="level-silent">
          {t('recording.silence')}
        </p>
      )}
      <fieldset disabled={locked} className="device-fields">
        <label className="field">
          <span>{t('recording.camera')}</span>
          <select value={prefs.videoDeviceId ?? ''} onChange={(event) => onChange({ videoDeviceId: event.target.value || null, resolution: null })} disabled={prefs.mode === 'audio_only'}>
            <option value="">{t('recording.defaultDevice')}</option>
            {capture.devices.cameras.map((device, index) => (
              <option key={device.deviceId || index} value={device.deviceId}>
                {device.label || `${t('recording.camera')} ${index + 1}`}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>{t('recording.microphone')}</span>
          <select value={prefs.audioDeviceId ?? ''} onChange={(event) => onChange({ audioDeviceId: event.target.value || null })}>
            <option value="">{t('recording.defaultDevice')}</option>
            {capture.devices.microphones.map((device, index) => (
              <option key={device.deviceId || index} value={device.deviceId}>
                {device.label || `${t('recording.microphone')} ${index + 1}`}
              </option>
            ))}
          </select>
        </label>
        <div className="field" role="radiogroup" aria-label={t('recording.mode')}>
          <span>{t('recording.mode')}</span>
          {(['camera', 'camera_off', 'audio_only'] as CaptureMode[]).map((mode) => (
            <label key={mode} className="radio">
              <input type="radio" name="capture-mode" value={mode} checked={prefs.mode === mode} onChange={() => onChange({ mode })} />
              {t(mode === 'camera' ? 'recording.modeCamera' : mode === 'camera_off' ? 'recording.modeCameraOff' : 'recording.modeAudioOnly')}
            </label>
          ))}
        </div>
        {prefs.mode !== 'audio_only' && (
          <div className="field">
            <label>
              <span>{t('recording.resolution')}</span>
              <select
                value={prefs.resolution ? `${prefs.resolution.width}x${prefs.resolution.height}` : ''}
                onChange={(event) => {
                  const [width, height] = event.target.value.split('x').map(Number);
                  onChange({ resolution: width && height ? { width, height } : null });
                }}
              >
                <option value="">
                  {t('recording.resolutionAuto')}
                  {capture.videoSize ? ` (${capture.videoSize.width}×${capture.videoSize.height})` : ''}
                </option>
                {probed.map((size) => (
                  <option key={`${size.width}x${size.height}`} value={`${size.width}x${size.height}`}>
                    {size.width}×{size.height}
                  </option>
                ))}
              </select>
            </label>
            <button type="button" className="link-button" onClick={() => void probe()} disabled={probing}>
              {probing ? t('recording.probing') : t('recording.probeResolutions')}
            </button>
            {!probing && prefs.probedResolutions[prefs.videoDeviceId ?? 'default']?.length === 0 && <p className="muted">{t('recording.probedNone')}</p>}
          </div>
        )}
        <label className="checkbox">
          <input type="checkbox" checked={prefs.mirrorPreview} onChange={(event) => onChange({ mirrorPreview: event.target.checked })} />
          {t('recording.mirrorPreview')}
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={prefs.countdown} onChange={(event) => onChange({ countdown: event.target.checked })} />
          {t('recording.countdown')}
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={prefs.beep} onChange={(event) => onChange({ beep: event.target.checked })} disabled={!prefs.countdown} />
          {t('recording.beep')}
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={prefs.keepFirstTakeActive} onChange={(event) => onChange({ keepFirstTakeActive: event.target.checked })} data-testid="keep-first-take" />
          {t('recording.keepFirstTakeActive')}
        </label>
      </fieldset>
    </section>
  );
}

export function PrompterSettings({ prefs, onChange }: { prefs: RecordingPreferences; onChange(patch: PreferencesPatch): void }) {
  const t = useT();
  return (
    <fieldset className="prompter-settings">
      <legend>{t('recording.prompter')}</legend>
      <label className="field">
        <span>{t('recording.prompterMode')}</span>
        <select value={prefs.prompter.mode} onChange={(event) => onChange({ prompter: { mode: event.target.value === 'scroll' ? 'scroll' : 'lines' } })}>
          <option value="lines">{t('recording.prompterLines')}</option>
          <option value="scroll">{t('recording.prompterScroll')}</option>
        </select>
      </label>
      <label className="field">
        <span>{t('recording.fontSize')}</span>
        <input type="range" min={16} max={120} value={prefs.prompter.fontSize} onChange={(event) => onChange({ prompter: { fontSize: Number(event.target.value) } })} />
      </label>
      {prefs.prompter.mode === 'scroll' && (
        <label className="field">
          <span>{t('recording.speed')}</span>
          <input type="range" min={5} max={200} value={prefs.prompter.speed} onChange={(event) => onChange({ prompter: { speed: Number(event.target.value) } })} />
        </label>
      )}
      <label className="checkbox">
        <input type="checkbox" checked={prefs.prompter.mirror} onChange={(event) => onChange({ prompter: { mirror: event.target.checked } })} />
        {t('recording.mirrorText')}
      </label>
    </fieldset>
  );
}
