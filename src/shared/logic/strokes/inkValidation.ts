// Runs everywhere (shared, pure). Checks pen events crossing the StudioApi and read back from a
// take's strokes file: the main side never trusts a renderer, nor a file a crash may have cut.
import { fail, v, type Validator } from '../../validate';
import { MAX_INK_POINTS, type InkEvent, type InkPoint } from './inkEvents';

const MAX_MS = 24 * 3600 * 1000;

const point: Validator<InkPoint> = (value, path) => {
  if (!Array.isArray(value) || value.length !== 3) fail(path, 'a point [x, y, t]');
  const [x, y, t] = value as unknown[];
  if (typeof x !== 'number' || typeof y !== 'number' || typeof t !== 'number' || ![x, y, t].every(Number.isFinite)) fail(path, 'a point of three numbers');
  if (x < 0 || x > 1 || y < 0 || y > 1) fail(path, 'a point inside the slide (0 to 1)');
  if (t < 0 || t > MAX_MS) fail(path, 'a point at a time of the take');
  return [x, y, t] as const;
};

const shape = v.object({
  type: v.oneOf('pen', 'highlighter', 'pointer', 'erase', 'undo', 'clear', 'slide'),
  id: v.id(),
  slideIndex: v.number({ integer: true, min: 0, max: 10_000 }),
  atMs: v.number({ min: 0, max: MAX_MS }),
  color: v.optional(v.string({ max: 7 })),
  width: v.optional(v.number({ min: 0.0005, max: 0.2 })),
  points: v.optional(v.array(point, { max: MAX_INK_POINTS })),
  targets: v.optional(v.array(v.id(), { max: 10_000 })),
});

export const inkEventValidator: Validator<InkEvent> = (value, path) => {
  const event = shape(value, path);
  if (event.color !== undefined && !/^#[0-9a-f]{6}$/i.test(event.color)) fail(`${path}.color`, 'a colour #rrggbb');
  const drawn = event.type === 'pen' || event.type === 'highlighter' || event.type === 'pointer';
  if (drawn && (!event.points || event.points.length === 0)) fail(`${path}.points`, 'at least one point for a drawn event');
  if (drawn && event.points!.some((p, index) => p[2] < event.atMs || (index > 0 && p[2] < event.points![index - 1]![2]))) fail(`${path}.points`, 'points in time order, from the event’s start');
  if (event.type === 'erase' && !event.targets) fail(`${path}.targets`, 'the erased strokes');
  return event;
};
