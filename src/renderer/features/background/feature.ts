// Runs in the renderer. Registers the virtual background's strings and error message; its panel and
// hook are used by the Record step (BackgroundPanel, useBackgroundEffect).
import { registerMessages } from '../../i18n';
import { registerFeature } from '../registry';
import { errorMessages, messages } from './messages';

registerFeature({ id: 'background', messages });
registerMessages('errors', errorMessages);
