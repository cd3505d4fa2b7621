// Runs everywhere (shared, pure). StudioApi methods of the pen (issue 15): strokes, highlights and
// laser-pointer paths drawn over the slides during a take, saved beside the take as timed vector
// events, shown or hidden afterwards.
import { v } from '../validate';
import { method } from './method';
import { MAX_INK_EVENTS_PER_CALL, type TakeInk } from '../logic/strokes/inkEvents';
import { inkEventValidator } from '../logic/strokes/inkValidation';

export const penMethods = {
  /** Adds pen events to a take's strokes file as they are drawn (times on the take's media clock). */
  appendTakeInk: method<void>()(v.id(), v.array(inkEventValidator, { max: MAX_INK_EVENTS_PER_CALL })),
  /** A take's strokes and whether they are shown. */
  getTakeInk: method<TakeInk>()(v.id()),
  /** Shows or hides a take's strokes in its preview and in the video (they are kept either way). */
  setTakeInkShown: method<TakeInk>()(v.id(), v.boolean()),
  /** Removes a take's strokes for good. */
  deleteTakeInk: method<void>()(v.id()),
};
