// Runs in the renderer. Registers the montage: the "produce" step, the layout panel beside the
// editor's slides and in each grain's header, its strings, error codes and job stages.
import { createElement } from 'react';
import { registerMessages } from '../../i18n';
import { registerFeature, type SlotProps } from '../registry';
import { LayoutPanel } from './LayoutPanel';
import { ProduceView } from './ProduceView';
import { errorMessages, messages, stageMessages } from './messages';
import './montage.css';

registerMessages('errors', errorMessages);
registerMessages('jobs.stage', stageMessages);

function EditorAside({ studio, capsule }: SlotProps['editor.aside']) {
  return createElement(LayoutPanel, { studio, capsule });
}

registerFeature({
  id: 'montage',
  messages,
  views: [{ id: 'produce', component: ProduceView, needsCapsule: true }],
  slots: { 'editor.aside': EditorAside },
});
