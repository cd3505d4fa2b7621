// Runs in the renderer. Registers the pen's strings and the messages of its error codes; its
// components are placed by the Record step (RecordView, TakePlayback), not by a view of its own.
import { registerMessages } from '../../i18n';
import { errorMessages, messages } from './messages';
import './pen.css';

registerMessages('pen', messages);
registerMessages('errors', errorMessages);
