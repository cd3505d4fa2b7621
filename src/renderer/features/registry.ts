// Runs in the renderer. The feature registry: recording, montage, publish, BBB import and live each
// live in src/renderer/features/<feature>/ (as Library and Edit do, the shell's own two steps) and plug into the shell from there — their views (a step
// of the flow or a side panel), their slot components inside the core views, and their messages.
//
// A feature's entry file (src/renderer/features/<feature>/feature.ts or .tsx) does:
//
//   import { registerFeature } from '../registry';
//   import { messages } from './messages';
//   import { RecordView } from './RecordView';
//   registerFeature({
//     id: 'recording',                    // its messages become t('recording.<key>')
//     messages,
//     views: [{ id: 'record', component: RecordView, needsCapsule: true }],
//     slots: { 'editor.grain': RecordGrainButton },   // optional
//   });
//
// and one line in src/renderer/features/index.ts imports it. Known view ids get their place and
// label in the flow automatically (record, produce, publish as steps; bbb and live as side panels);
// a new id must give `kind`, `order` and `label`.
import type { ComponentType } from 'react';
import type { CapsuleDetail, Grain } from '../../shared/domain/capsule';
import type { StudioClient } from '../api/studioClient';
import { registerMessages, type FeatureMessages, type MessageKey } from '../i18n';
import type { ViewId } from '../stores/uiStore';

/** What every feature view receives. Features may also read the stores directly. */
export interface FeatureViewProps {
  studio: StudioClient;
  /** The open capsule (as the editor holds it), or null when none is open. */
  capsule: CapsuleDetail | null;
  navigate(view: ViewId, capsuleId?: string | null): void;
}

export interface FeatureView {
  id: ViewId;
  component: ComponentType<FeatureViewProps>;
  /** The view is disabled in the sidebar until a capsule is open. */
  needsCapsule: boolean;
  /** A step of the flow (numbered) or a side panel; known ids have a default. */
  kind?: 'step' | 'panel';
  /** Position in the sidebar; known ids have a default (library 10, edit 20, record 30, …). */
  order?: number;
  /** Sidebar label; known ids default to 'steps.<id>'. */
  label?: MessageKey;
}

/** Places in the core views where features add components, with the props each receives. */
export interface SlotProps {
  /** A column beside the slide grid in the editor (e.g. the montage's LayoutPanel and LayoutPreview). */
  'editor.aside': { studio: StudioClient; capsule: CapsuleDetail };
  /** Tools in each grain's header in the editor (e.g. "record this grain", the take count, a layout override). */
  'editor.grain': { studio: StudioClient; capsule: CapsuleDetail; grain: Grain };
}
export type SlotName = keyof SlotProps;

export interface StudioFeature {
  /** Also the namespace of its messages: t('<id>.<key>'). */
  id: string;
  messages?: FeatureMessages;
  views?: FeatureView[];
  slots?: { [S in SlotName]?: ComponentType<SlotProps[S]> };
}

export interface ResolvedView extends Required<Omit<FeatureView, 'component'>> {
  component: ComponentType<FeatureViewProps> | null;
  featureId: string | null;
}

const KNOWN_VIEWS: Record<string, { kind: 'step' | 'panel'; order: number }> = {
  library: { kind: 'step', order: 10 },
  edit: { kind: 'step', order: 20 },
  record: { kind: 'step', order: 30 },
  produce: { kind: 'step', order: 40 },
  publish: { kind: 'step', order: 50 },
  bbb: { kind: 'panel', order: 110 },
  live: { kind: 'panel', order: 120 },
};

/**
 * The two views every build has, first in the flow: their components live in features/library and
 * features/edit like every step's, but App renders them itself (the editor hosts the other features'
 * slots, so it cannot be registered by one of them).
 */
const CORE_VIEWS: ResolvedView[] = [
  { id: 'library', kind: 'step', order: 10, label: 'steps.library', needsCapsule: false, component: null, featureId: null },
  { id: 'edit', kind: 'step', order: 20, label: 'steps.edit', needsCapsule: true, component: null, featureId: null },
];

const features = new Map<string, StudioFeature>();

export function registerFeature(feature: StudioFeature): void {
  if (features.has(feature.id)) throw new Error(`The feature "${feature.id}" is registered twice.`);
  for (const view of feature.views ?? []) {
    if (CORE_VIEWS.some((core) => core.id === view.id)) throw new Error(`The view "${view.id}" belongs to the shell.`);
    if (!KNOWN_VIEWS[view.id] && (view.kind === undefined || view.order === undefined || view.label === undefined)) {
      throw new Error(`The new view "${view.id}" needs a kind, an order and a label.`);
    }
  }
  features.set(feature.id, feature);
  if (feature.messages) registerMessages(feature.id, feature.messages);
}

/** Forget every feature (tests only). */
export function clearFeatures(): void {
  features.clear();
}

export function registeredFeatures(): StudioFeature[] {
  return [...features.values()];
}

/** Core and feature views in sidebar order. */
export function allViews(): ResolvedView[] {
  const views: ResolvedView[] = [...CORE_VIEWS];
  for (const feature of features.values()) {
    for (const view of feature.views ?? []) {
      const known = KNOWN_VIEWS[view.id];
      views.push({
        id: view.id,
        component: view.component,
        needsCapsule: view.needsCapsule,
        kind: view.kind ?? known?.kind ?? 'panel',
        order: view.order ?? known?.order ?? 1000,
        label: view.label ?? `steps.${view.id}`,
        featureId: feature.id,
      });
    }
  }
  return views.sort((a, b) => a.order - b.order);
}

export function findView(id: ViewId): ResolvedView | null {
  return allViews().find((view) => view.id === id) ?? null;
}

export function slotComponents<S extends SlotName>(slot: S): { featureId: string; component: ComponentType<SlotProps[S]> }[] {
  const found: { featureId: string; component: ComponentType<SlotProps[S]> }[] = [];
  for (const feature of features.values()) {
    const component = feature.slots?.[slot];
    if (component) found.push({ featureId: feature.id, component });
  }
  return found;
}
