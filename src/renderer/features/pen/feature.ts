// Runs in the renderer. Registers the pen's strings; its components are placed by the Record step
// (RecordView, TakePlayback), not by a view of its own.
import { registerMessages } from '../../i18n';
import { messages } from './messages';
import './pen.css';

registerMessages('pen', messages);
