// Runs in the renderer. Registers the live panel: its view (a side panel of the flow), its strings and
// the messages of its error codes.
import { registerMessages } from '../../i18n';
import { registerFeature } from '../registry';
import { LiveView } from './LiveView';
import { errorMessages, messages } from './messages';
import './live.css';

registerMessages('errors', errorMessages);
registerFeature({ id: 'live', messages, views: [{ id: 'live', component: LiveView, needsCapsule: false }] });
