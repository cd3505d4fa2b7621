// Runs in the renderer. Registers the Publish step: its view, its strings, the job stages it reports
// and the messages of the Pod error codes.
import { registerMessages } from '../../i18n';
import { registerFeature } from '../registry';
import { PublishView } from './PublishView';
import { errorMessages, messages, stageMessages } from './messages';
import './publish.css';

registerMessages('errors', errorMessages);
registerMessages('jobs', stageMessages);
registerFeature({ id: 'publish', messages, views: [{ id: 'publish', component: PublishView, needsCapsule: true }] });
