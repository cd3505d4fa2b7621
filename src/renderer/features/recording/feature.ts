// Runs in the renderer. Registers the recording studio: the Record step, the takes badge in the
// editor's grain headers, its strings and its error messages.
import { registerMessages } from '../../i18n';
import { registerFeature } from '../registry';
import { GrainTakesBadge } from './GrainTakesBadge';
import { errorMessages, jobStageMessages, messages } from './messages';
import { RecordView } from './RecordView';
import './recording.css';

registerFeature({
  id: 'recording',
  messages,
  views: [{ id: 'record', component: RecordView, needsCapsule: true }],
  slots: { 'editor.grain': GrainTakesBadge },
});
registerMessages('errors', errorMessages);
registerMessages('jobs', jobStageMessages);
