// Runs in the renderer. Registers the BigBlueButton import panel: its view (a side panel of the flow),
// its strings, the messages of its error codes and of its job stages.
import { registerMessages } from '../../i18n';
import { registerFeature } from '../registry';
import { BbbView } from './BbbView';
import { errorMessages, messages, stageMessages } from './messages';
import './bbb.css';

registerMessages('errors', errorMessages);
registerMessages('jobs.stage', stageMessages);
registerFeature({ id: 'bbb', messages, views: [{ id: 'bbb', component: BbbView, needsCapsule: false }] });
