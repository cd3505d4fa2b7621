// Runs in Node (tests). The feature registry: features add views (placed in the flow by their id),
// slot components and namespaced messages; mistakes are refused at registration.
import { afterEach, describe, expect, test } from 'vitest';
import { allViews, clearFeatures, findView, registerFeature, registeredFeatures, slotComponents } from '../../src/renderer/features/registry';
import { defineMessages, translate } from '../../src/renderer/i18n';

const View = () => null;
const Aside = () => null;

afterEach(() => clearFeatures());

describe('feature registry', () => {
  test('without features the flow is Library then Edit', () => {
    expect(allViews().map((view) => view.id)).toEqual(['library', 'edit']);
    expect(findView('edit')).toMatchObject({ kind: 'step', needsCapsule: true, component: null });
  });

  test('known view ids take their place in the flow whatever the registration order', () => {
    registerFeature({ id: 'live', views: [{ id: 'live', component: View, needsCapsule: false }] });
    registerFeature({ id: 'publish', views: [{ id: 'publish', component: View, needsCapsule: true }] });
    registerFeature({ id: 'recording', views: [{ id: 'record', component: View, needsCapsule: true }] });
    registerFeature({ id: 'bbb', views: [{ id: 'bbb', component: View, needsCapsule: false }] });
    registerFeature({ id: 'montage', views: [{ id: 'produce', component: View, needsCapsule: true }] });
    const views = allViews();
    expect(views.map((view) => view.id)).toEqual(['library', 'edit', 'record', 'produce', 'publish', 'bbb', 'live']);
    expect(views.filter((view) => view.kind === 'panel').map((view) => view.id)).toEqual(['bbb', 'live']);
    expect(findView('record')).toMatchObject({ label: 'steps.record', featureId: 'recording', component: View });
    expect(translate('fr', findView('produce')!.label)).toBe('Produire');
  });

  test('messages are namespaced by the feature id', () => {
    registerFeature({ id: 'recording', messages: defineMessages({ en: { start: 'Start recording' }, fr: { start: 'Démarrer l’enregistrement' } }) });
    expect(translate('en', 'recording.start')).toBe('Start recording');
    expect(translate('fr', 'recording.start')).toBe('Démarrer l’enregistrement');
  });

  test('slots collect every feature’s component', () => {
    registerFeature({ id: 'montage', slots: { 'editor.aside': Aside } });
    registerFeature({ id: 'recording', slots: { 'editor.grain': View } });
    expect(slotComponents('editor.aside')).toEqual([{ featureId: 'montage', component: Aside }]);
    expect(slotComponents('editor.grain').map((slot) => slot.featureId)).toEqual(['recording']);
  });

  test('refused: a feature twice, a core view taken over, a new view without its place', () => {
    registerFeature({ id: 'recording' });
    expect(() => registerFeature({ id: 'recording' })).toThrow(/twice/);
    expect(() => registerFeature({ id: 'x', views: [{ id: 'edit', component: View, needsCapsule: true }] })).toThrow(/belongs to the shell/);
    expect(() => registerFeature({ id: 'y', views: [{ id: 'stats', component: View, needsCapsule: false }] })).toThrow(/kind, an order and a label/);
    registerFeature({ id: 'z', views: [{ id: 'stats', component: View, needsCapsule: false, kind: 'panel', order: 200, label: 'z.title' }] });
    expect(allViews().at(-1)).toMatchObject({ id: 'stats', kind: 'panel' });
    expect(registeredFeatures().map((feature) => feature.id)).toEqual(['recording', 'z']);
  });
});
