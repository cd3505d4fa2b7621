// Runs in the renderer. The layout settings form (capsule-wide, or a grain's override) with its live
// preview, plus the capsule's montage settings. It talks to the main side only through the StudioApi.
import { useEffect, useMemo, useState } from 'react';
import type { StudioApi } from '../../../shared/api/studioApi';
import type { CapsuleDetail, Grain } from '../../../shared/domain/capsule';
import { DEFAULT_LAYOUT, mergeLayout, type Corner, type LayoutMode, type LayoutSettings, type PipMask, type PipSize } from '../../../shared/domain/layout';
import type { MontageSettings } from '../../../shared/domain/montage';
import type { SlideContent } from '../../../shared/logic/cameraPlacement';
import { InlineError } from '../../components/InlineError';
import { useErrorNotice } from '../../hooks/useErrorNotice';
import { useT } from '../../i18n/useT';
import { LayoutPreview } from './LayoutPreview';

export interface LayoutPanelProps {
  studio: StudioApi & { platform?: { mediaUrl(ref: string): string } };
  capsule: CapsuleDetail;
  /** Edit this grain's override; the capsule's layout when absent. */
  grain?: Grain | null;
  onChanged?(capsule: CapsuleDetail): void;
}

const MODES: LayoutMode[] = ['slides_only', 'pip', 'side_by_side', 'camera_only', 'green_screen'];
const CORNERS: Corner[] = ['top_left', 'top_right', 'bottom_left', 'bottom_right'];
const SIZES: PipSize[] = ['small', 'medium', 'large', 'custom'];
const MASKS: PipMask[] = ['none', 'rounded', 'circle'];

export function LayoutPanel({ studio, capsule, grain = null, onChanged }: LayoutPanelProps) {
  const t = useT();
  const base = useMemo(() => mergeLayout(DEFAULT_LAYOUT, capsule.layout), [capsule.layout]);
  const effective = grain ? mergeLayout(base, grain.layout) : base;
  const [draft, setDraft] = useState<LayoutSettings>(effective);
  const notice = useErrorNotice();
  const { show: showError } = notice;
  const [settings, setSettings] = useState<MontageSettings | null>(null);
  // Another capsule, grain or saved layout restarts the draft from it (while rendering, as React
  // advises for state that follows a prop: https://react.dev/learn/you-might-not-need-an-effect).
  const key = `${capsule.id}:${grain?.id ?? ''}:${JSON.stringify(effective)}`;
  const [draftKey, setDraftKey] = useState(key);
  if (draftKey !== key) {
    setDraftKey(key);
    setDraft(effective);
  }
  useEffect(() => {
    let live = true;
    studio.getMontageSettings(capsule.id).then(
      (value) => live && setSettings(value),
      (reason: unknown) => live && showError(reason),
    );
    return () => {
      live = false;
    };
  }, [capsule.id, studio, showError]);

  const save = (patch: Partial<LayoutSettings>) => {
    const next = mergeLayout(draft, patch);
    setDraft(next);
    notice.clear();
    const request = grain ? studio.setGrainLayout(grain.id, diff(base, next)) : studio.setCapsuleLayout(capsule.id, patch);
    request.then((updated) => onChanged?.(updated), showError);
  };
  const saveSettings = (patch: Partial<Pick<MontageSettings, 'denoise' | 'fadeBetweenGrainsMs' | 'defaultSlideMs'>>) => {
    studio.setMontageSettings(capsule.id, patch).then(setSettings, showError);
  };

  const previewGrain = grain ?? capsule.grains.find((g) => g.activeTakeId) ?? capsule.grains[0] ?? null;
  const previewGrainId = previewGrain?.id ?? null;
  const [content, setContent] = useState<SlideContent | null>(null);
  useEffect(() => {
    let live = true;
    setContent(null);
    if (!previewGrainId) return undefined;
    studio.getGrainSlideContent(previewGrainId).then(
      (value) => live && setContent(value),
      (reason: unknown) => live && showError(reason),
    );
    return () => {
      live = false;
    };
  }, [previewGrainId, studio, showError]);
  const slide = previewGrain?.slides[0] ?? null;
  const mediaUrl = studio.platform?.mediaUrl;
  const pipLike = draft.mode === 'pip' || draft.mode === 'green_screen';

  return (
    <section className="layout-panel" aria-label={t('montage.layout')}>
      <h3>{grain ? t('montage.layoutOfGrain', { number: grain.position + 1 }) : t('montage.layoutOfCapsule')}</h3>
      <LayoutPreview
        layout={draft}
        slideUrl={slide && mediaUrl ? mediaUrl(slide.image) : null}
        slideSize={slide ? { width: slide.width, height: slide.height } : { width: 1920, height: 1080 }}
        cameraUrl={previewGrain?.activeTakeId && mediaUrl ? mediaUrl(`take/${previewGrain.activeTakeId}`) : null}
        cameraSize={null}
        width={360}
        content={content}
      />
      {grain && grain.layout && (
        <button type="button" onClick={() => {
            studio.setGrainLayout(grain.id, null).then((updated) => onChanged?.(updated), showError);
          }}
        >
          {t('montage.useCapsuleLayout')}
        </button>
      )}
      <label>
        {t('montage.mode')}
        <select value={draft.mode} onChange={(e) => save({ mode: e.target.value as LayoutMode })}>
          {MODES.map((mode) => (
            <option key={mode} value={mode}>
              {t(`montage.mode_${mode}`)}
            </option>
          ))}
        </select>
      </label>
      {pipLike && (
        <>
          <label>
            {t('montage.corner')}
            <select
              value={draft.pip.placement === 'manual' ? draft.pip.corner : 'auto'}
              onChange={(e) => save({ pip: e.target.value === 'auto' ? { ...draft.pip, placement: 'auto' } : { ...draft.pip, placement: 'manual', corner: e.target.value as Corner } })}
              data-testid="camera-corner"
            >
              <option value="auto">{t('montage.corner_auto')}</option>
              {CORNERS.map((corner) => (
                <option key={corner} value={corner}>
                  {t(`montage.corner_${corner}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('montage.size')}
            <select value={draft.pip.size} onChange={(e) => save({ pip: { ...draft.pip, size: e.target.value as PipSize } })}>
              {SIZES.map((size) => (
                <option key={size} value={size}>
                  {t(`montage.size_${size}`)}
                </option>
              ))}
            </select>
          </label>
          {draft.pip.size === 'custom' && (
            <label>
              {t('montage.customWidth', { percent: Math.round(draft.pip.customWidth * 100) })}
              <input type="range" min={5} max={100} value={Math.round(draft.pip.customWidth * 100)} onChange={(e) => save({ pip: { ...draft.pip, customWidth: Number(e.target.value) / 100 } })} />
            </label>
          )}
          <label>
            {t('montage.offset', { percent: Math.round(draft.pip.offset * 100) })}
            <input type="range" min={0} max={20} value={Math.round(draft.pip.offset * 100)} onChange={(e) => save({ pip: { ...draft.pip, offset: Number(e.target.value) / 100 } })} />
          </label>
        </>
      )}
      {draft.mode === 'pip' && (
        <>
          <label>
            {t('montage.opacity', { percent: Math.round(draft.pip.opacity * 100) })}
            <input type="range" min={10} max={100} value={Math.round(draft.pip.opacity * 100)} onChange={(e) => save({ pip: { ...draft.pip, opacity: Number(e.target.value) / 100 } })} />
          </label>
          <label>
            {t('montage.mask')}
            <select value={draft.pip.mask} onChange={(e) => save({ pip: { ...draft.pip, mask: e.target.value as PipMask } })}>
              {MASKS.map((mask) => (
                <option key={mask} value={mask}>
                  {t(`montage.mask_${mask}`)}
                </option>
              ))}
            </select>
          </label>
        </>
      )}
      {draft.mode === 'side_by_side' && (
        <label>
          {t('montage.cameraSide')}
          <select value={draft.sideBySide?.cameraSide ?? 'right'} onChange={(e) => save({ sideBySide: { cameraSide: e.target.value as 'left' | 'right' } })}>
            <option value="left">{t('montage.side_left')}</option>
            <option value="right">{t('montage.side_right')}</option>
          </select>
        </label>
      )}
      {draft.mode === 'green_screen' && (
        <>
          <label>
            {t('montage.keyColor')}
            <input type="color" value={draft.greenScreen.keyColor} onChange={(e) => save({ greenScreen: { ...draft.greenScreen, keyColor: e.target.value } })} />
          </label>
          <label>
            {t('montage.similarity', { value: draft.greenScreen.similarity.toFixed(2) })}
            <input type="range" min={1} max={50} value={Math.round(draft.greenScreen.similarity * 100)} onChange={(e) => save({ greenScreen: { ...draft.greenScreen, similarity: Number(e.target.value) / 100 } })} />
          </label>
          <label>
            {t('montage.blend', { value: draft.greenScreen.blend.toFixed(2) })}
            <input type="range" min={0} max={50} value={Math.round(draft.greenScreen.blend * 100)} onChange={(e) => save({ greenScreen: { ...draft.greenScreen, blend: Number(e.target.value) / 100 } })} />
          </label>
          <label>
            <input type="checkbox" checked={draft.greenScreen.despill} onChange={(e) => save({ greenScreen: { ...draft.greenScreen, despill: e.target.checked } })} />
            {t('montage.despill')}
          </label>
        </>
      )}
      <label>
        {t('montage.background')}
        <input type="color" value={draft.background} onChange={(e) => save({ background: e.target.value })} />
      </label>
      {!grain && settings && (
        <fieldset>
          <label>
            <input type="checkbox" checked={settings.denoise} onChange={(e) => saveSettings({ denoise: e.target.checked })} />
            {t('montage.denoise')}
          </label>
          <label>
            <input type="checkbox" checked={settings.fadeBetweenGrainsMs > 0} onChange={(e) => saveSettings({ fadeBetweenGrainsMs: e.target.checked ? 400 : 0 })} />
            {t('montage.fades')}
          </label>
          <label>
            {t('montage.defaultSlide', { seconds: settings.defaultSlideMs / 1000 })}
            <input type="range" min={1} max={15} value={Math.round(settings.defaultSlideMs / 1000)} onChange={(e) => saveSettings({ defaultSlideMs: Number(e.target.value) * 1000 })} />
          </label>
        </fieldset>
      )}
      <InlineError error={notice.error} className="error" />
    </section>
  );
}

/** A grain's override keeps only what differs from the capsule's layout. */
function diff(base: LayoutSettings, next: LayoutSettings): Partial<LayoutSettings> {
  const out: Partial<LayoutSettings> = {};
  if (next.mode !== base.mode) out.mode = next.mode;
  if (JSON.stringify(next.pip) !== JSON.stringify(base.pip)) out.pip = next.pip;
  if (JSON.stringify(next.greenScreen) !== JSON.stringify(base.greenScreen)) out.greenScreen = next.greenScreen;
  if (JSON.stringify(next.sideBySide) !== JSON.stringify(base.sideBySide)) out.sideBySide = next.sideBySide;
  if (next.background !== base.background) out.background = next.background;
  return out;
}
