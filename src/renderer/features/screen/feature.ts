// Runs in the renderer. Registers screen grains (issue #15): "Add a screen grain" beside the editor's
// slides, the badge in a screen grain's header, their strings and error messages. The Record step
// shows the shared screen for a screen grain through ScreenStage and useScreenCapture.
import { registerMessages } from '../../i18n';
import { registerFeature } from '../registry';
import { AddScreenGrain, ScreenGrainBadge } from './AddScreenGrain';
import { errorMessages, messages } from './messages';
import './screen.css';

registerFeature({
  id: 'screen',
  messages,
  slots: { 'editor.aside': AddScreenGrain, 'editor.grain': ScreenGrainBadge },
});
registerMessages('errors', errorMessages);
