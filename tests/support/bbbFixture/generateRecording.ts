// Runs in Node (test tooling). Builds a published BBB recording from a FixtureSpec, following https://github.com/bigbluebutton/bigbluebutton/blob/develop/record-and-playback/presentation/scripts/publish/presentation.rb:
// metadata.xml, shapes.svg (pre-2.6 drawings) or SVG slides + tldraw.json (2.6+), panzooms, cursor,
// deskshare, chat, slide images, webcams/audio with tone bursts and a deskshare video, all generated
// locally (canvas + FFmpeg lavfi). Results are cached by spec so several test files share them.
import { createCanvas } from '@napi-rs/canvas';
import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runFfmpeg } from '../../../src/main/ffmpeg/ffmpeg';
import { DESKSHARE_COLOR, RECT_FILL_SVG, slideColor, type FixtureAppearance, type FixtureSpec } from './fixtureSpec';

const GENERATOR_VERSION = 4;

export interface GeneratedRecording {
  spec: FixtureSpec;
  /** The folder served at /presentation/<recordId>/. */
  presentationDir: string;
  /** The folder served at /playback/video/<recordId>/ (BBB) or /video/<recordId>/ (Scalelite), if any. */
  videoDir: string | null;
  /** The root holding presentation/<id>/ and video/<id>/. */
  root: string;
}

const esc = (value: string) => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const fmt = (t: number) => t.toFixed(1);

export function defaultFixtureRoot(): string {
  return process.env.CAPSULE_BBB_FIXTURE_CACHE ?? path.join(os.tmpdir(), 'capsule-bbb-fixtures');
}

function slideHref(spec: FixtureSpec, slide: number | 'deskshare'): string {
  if (slide === 'deskshare') return 'presentation/deskshare.png';
  return spec.layout === 'svg' ? `presentation/p1/slide-${slide}.png` : `presentation/p1/svgs/slide${slide}.svg`;
}

function viewBoxAt(spec: FixtureSpec, t: number): [number, number, number, number] {
  let current: [number, number, number, number] = [0, 0, spec.slideWidth, spec.slideHeight];
  for (const event of spec.panzooms) if (event.time <= t) current = event.viewBox;
  return current;
}

function metadataXml(spec: FixtureSpec, host: string): string {
  const meta = Object.entries({ meetingId: spec.meetingId, meetingName: spec.name, isBreakout: 'false', ...(spec.metadata ?? {}) })
    .map(([key, value]) => `    <${key}>${esc(value)}</${key}>`)
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<recording>
  <id>${spec.recordId}</id>
  <state>published</state>
  <published>true</published>
  <start_time>${spec.startTime}</start_time>
  <end_time>${spec.startTime + Math.round(spec.durationSec * 1000)}</end_time>
  <participants>${spec.participants ?? 1}</participants>
  <meeting id="${spec.recordId}" externalId="${esc(spec.meetingId)}" name="${esc(spec.name)}" breakout="false"/>
  <meta>
${meta}
  </meta>
  <playback>
    <format>presentation</format>
    <link>${host}/playback/presentation/2.3/${spec.recordId}</link>
    <processing_time>4321</processing_time>
    <duration>${Math.round(spec.durationSec * 1000)}</duration>
  </playback>
</recording>
`;
}

function svgCanvasXml(spec: FixtureSpec, appearanceIndex: number): string {
  const imageId = `image${appearanceIndex + 1}`;
  const shapes: string[] = [];
  let draw = 0;
  for (const annotation of spec.annotations) {
    if (annotation.appearance !== appearanceIndex) continue;
    if (annotation.kind === 'pencil') {
      annotation.versions.forEach((version) => {
        const d = version.points.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${x} ${y}`).join('');
        shapes.push(
          `<g id="${imageId}-draw${++draw}" class="shape" timestamp="${fmt(version.start)}" undo="-1" shape="${imageId}-pencil-${draw}p" style="stroke:#1d1d1d;stroke-linecap:round;stroke-linejoin:round;stroke-width:12;fill:none;visibility:hidden"><path d="${d}"/></g>`.replace(
            `${draw}p"`,
            `${appearanceIndex}-${spec.annotations.indexOf(annotation)}"`,
          ),
        );
      });
    } else if (annotation.kind === 'rect') {
      shapes.push(
        `<g id="${imageId}-draw${++draw}" class="shape" timestamp="${fmt(annotation.start)}" undo="${fmt(annotation.undo)}" shape="${imageId}-rectangle-${draw}" style="stroke:#000000;stroke-width:6;fill:${RECT_FILL_SVG};visibility:hidden"><rect x="${annotation.x}" y="${annotation.y}" width="${annotation.width}" height="${annotation.height}"/></g>`,
      );
    } else if (annotation.kind === 'text') {
      // As BBB's publish script writes it: colour and font size on the <g>, lines separated by <br/>.
      const lines = annotation.text.split('\n').map(esc).join('<br/>');
      shapes.push(
        `<g id="${imageId}-draw${++draw}" class="shape" timestamp="${fmt(annotation.start)}" undo="-1" shape="${imageId}-text-${draw}" style="color:#000000;word-wrap:break-word;visibility:hidden;font-family:Arial;font-size:${annotation.fontSize ?? 48}px"><switch><foreignObject width="1000" height="200" x="${annotation.x}" y="${annotation.y}"><p xmlns="http://www.w3.org/1999/xhtml" style="margin:0;padding:0">${lines}</p></foreignObject></switch></g>`,
      );
    } else {
      const d = annotation.points.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${x} ${y}`).join('');
      shapes.push(
        `<g id="${imageId}-draw${++draw}" class="shape" timestamp="${fmt(annotation.start)}" undo="-1" shape="${imageId}-line-${draw}" style="stroke:#ffff00;stroke-width:40;stroke-opacity:0.5;fill:none;visibility:hidden"><path d="${d}"/></g>`,
      );
    }
  }
  if (shapes.length === 0) return '';
  return `<g class="canvas" id="canvas${appearanceIndex + 1}" image="${imageId}" display="none">\n${shapes.join('\n')}\n</g>`;
}

function shapesSvg(spec: FixtureSpec): string {
  const images = spec.appearances.map((a: FixtureAppearance, index) => {
    const [w, h] = a.slide === 'deskshare' ? [1280, 720] : [spec.slideWidth, spec.slideHeight];
    const text = a.slide === 'deskshare' ? '' : ` text="presentation/p1/textfiles/slide-${a.slide}.txt"`;
    return `<image id="image${index + 1}" class="slide" in="${fmt(a.start)}" out="${fmt(a.end)}" xlink:href="${slideHref(spec, a.slide)}" width="${w}" height="${h}" x="0" y="0" style="visibility:hidden"${text}/>`;
  });
  const canvases = spec.layout === 'svg' ? spec.appearances.map((_, index) => svgCanvasXml(spec, index)).filter(Boolean) : [];
  return `<?xml version="1.0"?>
<svg id="svgfile" style="position:absolute;height:600px;width:800px" version="1.1" viewBox="0 0 800 600" xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">
${images.join('\n')}
${canvases.join('\n')}
</svg>
`;
}

/** BBB 2.6/2.7 store tldraw v1 records: `point`, `style`, `points` / `size` instead of x, y, props. */
function tldrawV1Data(annotation: FixtureSpec['annotations'][number], shapeId: string, points?: [number, number][]): Record<string, unknown> {
  const base = { id: shapeId, parentId: '1', childIndex: 1, rotation: 0 };
  if (annotation.kind === 'text') {
    return { ...base, type: 'text', name: 'Text', point: [annotation.x, annotation.y], text: annotation.text, style: { color: 'black', size: annotation.size ?? 'large', scale: annotation.scale ?? 1, font: 'script', textAlign: 'start', dash: 'draw', isFilled: false } };
  }
  if (annotation.kind === 'rect') {
    return { ...base, type: 'rectangle', point: [annotation.x, annotation.y], size: [annotation.width, annotation.height], style: { color: 'yellow', size: 'medium', dash: 'draw', isFilled: true, scale: 1 } };
  }
  const [ox, oy] = points![0]!;
  return { ...base, type: 'draw', point: [ox, oy], points: points!.map(([x, y]) => [x - ox, y - oy, 0.5]), style: { color: annotation.kind === 'highlight' ? 'yellow' : 'black', size: 'large', dash: 'draw', isFilled: false, scale: 1 }, isComplete: true };
}

function tldrawJson(spec: FixtureSpec): string {
  if (spec.tldrawVersion === 1) return tldrawV1Json(spec);
  const doc: Record<string, unknown> = { bbb_version: '3.0.4' };
  let eventId = 1000;
  spec.annotations.forEach((annotation, annotationIndex) => {
    const key = String(annotation.appearance + 1);
    const page = (doc[key] ??= { timestamp: spec.appearances[annotation.appearance]!.start, shapes: [] as unknown[] }) as { shapes: unknown[] };
    const shapeId = `shape:fixture${annotationIndex}`;
    if (annotation.kind === 'pencil') {
      const [ox, oy] = annotation.versions[0]!.points[0]!;
      for (const version of annotation.versions) {
        page.shapes.push({
          id: eventId++,
          timestamp: version.start,
          undo: -1,
          shape_data: {
            id: shapeId, type: 'draw', x: ox, y: oy, rotation: 0, opacity: 1,
            props: { color: 'black', size: 'xl', dash: 'draw', fill: 'none', isComplete: true, segments: [{ type: 'free', points: version.points.map(([x, y]) => ({ x: x - ox, y: y - oy, z: 0.5 })) }] },
          },
        });
      }
    } else if (annotation.kind === 'rect') {
      page.shapes.push({
        id: eventId++,
        timestamp: annotation.start,
        undo: annotation.undo,
        shape_data: { id: shapeId, type: 'geo', x: annotation.x, y: annotation.y, rotation: 0, opacity: 1, props: { geo: 'rectangle', w: annotation.width, h: annotation.height, color: 'yellow', fill: 'solid', size: 'm', dash: 'draw', text: '' } },
      });
    } else if (annotation.kind === 'text') {
      page.shapes.push({
        id: eventId++,
        timestamp: annotation.start,
        undo: -1,
        shape_data: { id: shapeId, type: 'text', x: annotation.x, y: annotation.y, rotation: 0, opacity: 1, props: { text: annotation.text, color: 'black', size: annotation.size ?? 'xl', scale: annotation.scale ?? 1, align: 'start', w: 600, autoSize: true } },
      });
    } else {
      const [ox, oy] = annotation.points[0]!;
      page.shapes.push({
        id: eventId++,
        timestamp: annotation.start,
        undo: -1,
        shape_data: { id: shapeId, type: 'highlight', x: ox, y: oy, rotation: 0, opacity: 1, props: { color: 'yellow', size: 'l', segments: [{ type: 'free', points: annotation.points.map(([x, y]) => ({ x: x - ox, y: y - oy, z: 0.5 })) }] } },
      });
    }
  });
  return JSON.stringify(doc, null, 1);
}

function tldrawV1Json(spec: FixtureSpec): string {
  const doc: Record<string, unknown> = { bbb_version: '2.7.3' };
  let eventId = 1000;
  spec.annotations.forEach((annotation, annotationIndex) => {
    const key = String(annotation.appearance + 1);
    const page = (doc[key] ??= { timestamp: spec.appearances[annotation.appearance]!.start, shapes: [] as unknown[] }) as { shapes: unknown[] };
    const shapeId = `fixture${annotationIndex}`;
    const versions =
      annotation.kind === 'pencil'
        ? annotation.versions.map((v) => ({ start: v.start, undo: -1, points: v.points }))
        : [{ start: annotation.start, undo: annotation.kind === 'rect' ? annotation.undo : -1, points: annotation.kind === 'highlight' ? annotation.points : undefined }];
    for (const version of versions) {
      page.shapes.push({ id: eventId++, timestamp: version.start, undo: version.undo, shape_data: tldrawV1Data(annotation, shapeId, version.points) });
    }
  });
  return JSON.stringify(doc, null, 1);
}

function panzoomsXml(spec: FixtureSpec): string {
  const events = spec.panzooms.map((e) => `<event timestamp="${fmt(e.time)}"><viewBox>${e.viewBox.join(' ')}</viewBox></event>`).join('\n');
  return `<?xml version="1.0"?>\n<recording id="panzoom_events" tldraw="${spec.layout === 'tldraw'}">\n${events}\n</recording>\n`;
}

function cursorXml(spec: FixtureSpec): string {
  const events = spec.cursor
    .map((e) => {
      let value = '-1 -1';
      if (e.position) {
        if (spec.layout === 'tldraw') {
          const [vx, vy, vw, vh] = viewBoxAt(spec, e.time);
          value = `${vx + e.position[0] * vw} ${vy + e.position[1] * vh}`;
        } else value = `${e.position[0]} ${e.position[1]}`;
      }
      return `<event timestamp="${fmt(e.time)}"><cursor>${value}</cursor></event>`;
    })
    .join('\n');
  return `<?xml version="1.0"?>\n<recording id="cursor_events" tldraw="${spec.layout === 'tldraw'}">\n${events}\n</recording>\n`;
}

function deskshareXml(spec: FixtureSpec): string {
  const events = spec.deskshare.map((d) => `<event start_timestamp="${fmt(d.start)}" stop_timestamp="${fmt(d.end)}" video_width="1280" video_height="720"/>`).join('\n');
  return `<?xml version="1.0"?>\n<recording id="deskshare_events">\n${events}\n</recording>\n`;
}

function chatXml(spec: FixtureSpec): string {
  const lines = spec.chat.map((c) => `<chattimeline in="${fmt(c.time)}" direction="down" name="${esc(c.name)}" chatEmphasizedText="false" senderRole="VIEWER" message="${esc(c.message)}" target="chat"/>`);
  return `<?xml version="1.0"?>\n<popcorn>\n${lines.join('\n')}\n</popcorn>\n`;
}

async function slidePng(width: number, height: number, color: string, label: string): Promise<Buffer> {
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = color;
  ctx.fillRect(0, 0, width, height);
  ctx.fillStyle = '#ffffff';
  ctx.font = `${Math.round(height / 8)}px sans-serif`;
  ctx.fillText(label, width * 0.55, height * 0.9);
  return canvas.encode('png');
}

function slideSvg(spec: FixtureSpec, slide: number): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="${spec.slideWidth}" height="${spec.slideHeight}" viewBox="0 0 ${spec.slideWidth} ${spec.slideHeight}">
  <rect x="0" y="0" width="${spec.slideWidth}" height="${spec.slideHeight}" fill="${slideColor(slide)}"/>
  <text x="${spec.slideWidth * 0.55}" y="${spec.slideHeight * 0.9}" font-family="sans-serif" font-size="${spec.slideHeight / 8}" fill="#ffffff">Slide ${slide}</text>
</svg>
`;
}

async function repeatToLength(piece: string, target: string, pieceSec: number, durationSec: number, dir: string): Promise<void> {
  const copies = Math.ceil(durationSec / pieceSec);
  const list = path.join(dir, `${path.basename(target)}.ffconcat`);
  await writeFile(list, `ffconcat version 1.0\n${Array.from({ length: copies }, () => `file '${piece}'`).join('\n')}\n`);
  await runFfmpeg(['-y', '-f', 'concat', '-safe', '0', '-i', list, '-c', 'copy', '-t', durationSec.toFixed(3), target]);
  await rm(list);
  await rm(piece);
}

function beepExpression(spec: FixtureSpec, length: number): string {
  const beeps = spec.beeps.filter((t) => t < length).map((t) => `between(t,${t},${t + 0.3})`);
  return beeps.length ? `0.5*sin(2*PI*880*t)*(${beeps.join('+')})` : '0';
}

async function generateMedia(spec: FixtureSpec, dir: string): Promise<void> {
  const pieceSec = Math.min(spec.mediaPieceSec ?? spec.durationSec, spec.durationSec);
  const repeat = pieceSec < spec.durationSec;
  const audio = ['-f', 'lavfi', '-i', `aevalsrc=exprs='${beepExpression(spec, pieceSec)}':s=48000:d=${pieceSec}`];
  const vp8 = ['-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '8', '-threads', '2'];
  if (spec.webcams) {
    await mkdir(path.join(dir, 'video'), { recursive: true });
    const target = path.join(dir, 'video/webcams.webm');
    const out = repeat ? path.join(dir, 'video/piece.webm') : target;
    await runFfmpeg(['-y', '-f', 'lavfi', '-i', `testsrc=size=${spec.webcamSize ?? '640x480'}:rate=15:duration=${pieceSec}`, ...audio, ...vp8, '-b:v', '300k', '-c:a', 'libopus', '-b:a', '48k', '-shortest', out]);
    if (repeat) await repeatToLength(out, target, pieceSec, spec.durationSec, dir);
  } else {
    await mkdir(path.join(dir, 'audio'), { recursive: true });
    const target = path.join(dir, 'audio/audio.webm');
    const out = repeat ? path.join(dir, 'audio/piece.webm') : target;
    await runFfmpeg(['-y', ...audio, '-c:a', 'libopus', '-b:a', '48k', out]);
    if (repeat) await repeatToLength(out, target, pieceSec, spec.durationSec, dir);
  }
  if (spec.deskshare.length > 0) {
    await mkdir(path.join(dir, 'deskshare'), { recursive: true });
    const target = path.join(dir, 'deskshare/deskshare.webm');
    const out = repeat ? path.join(dir, 'deskshare/piece.webm') : target;
    await runFfmpeg([
      '-y', '-f', 'lavfi', '-i', `color=c=0x${DESKSHARE_COLOR.slice(1)}:size=1280x720:rate=5:duration=${pieceSec},drawbox=x=80:y=80:w=240:h=160:color=white:t=fill`,
      ...vp8, '-b:v', '200k', '-an', out,
    ]);
    if (repeat) await repeatToLength(out, target, pieceSec, spec.durationSec, dir);
  }
}

async function generateVideoFormat(spec: FixtureSpec, dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  await runFfmpeg([
    '-y', '-f', 'lavfi', '-i', `testsrc2=size=640x360:rate=24:duration=${spec.durationSec}`,
    '-f', 'lavfi', '-i', `aevalsrc=exprs='${beepExpression(spec, spec.durationSec)}':s=48000:d=${spec.durationSec}`,
    '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', '-movflags', '+faststart', path.join(dir, 'video-0.m4v'),
  ]);
  await writeFile(
    path.join(dir, 'index.html'),
    `<!DOCTYPE html><html><head><title>Recording</title></head><body><video controls><source src="video-0.m4v" type="video/mp4"></video></body></html>\n`,
  );
}

async function build(spec: FixtureSpec, root: string): Promise<void> {
  const dir = path.join(root, 'presentation', spec.recordId);
  const host = 'https://bbb.example.edu';
  await mkdir(path.join(dir, 'presentation/p1/thumbnails'), { recursive: true });
  await mkdir(path.join(dir, 'presentation/p1/textfiles'), { recursive: true });
  await writeFile(path.join(dir, 'metadata.xml'), metadataXml(spec, host));
  await writeFile(path.join(dir, 'shapes.svg'), shapesSvg(spec));
  if (spec.layout === 'tldraw') await writeFile(path.join(dir, 'tldraw.json'), tldrawJson(spec));
  await writeFile(path.join(dir, 'panzooms.xml'), panzoomsXml(spec));
  await writeFile(path.join(dir, 'cursor.xml'), cursorXml(spec));
  await writeFile(path.join(dir, 'deskshare.xml'), deskshareXml(spec));
  await writeFile(path.join(dir, 'slides_new.xml'), chatXml(spec));
  const slides = [...new Set(spec.appearances.map((a) => a.slide).filter((s): s is number => s !== 'deskshare'))];
  if (spec.layout === 'tldraw') await mkdir(path.join(dir, 'presentation/p1/svgs'), { recursive: true });
  for (const slide of slides) {
    if (spec.layout === 'svg') await writeFile(path.join(dir, `presentation/p1/slide-${slide}.png`), await slidePng(spec.slideWidth, spec.slideHeight, slideColor(slide), `Slide ${slide}`));
    else await writeFile(path.join(dir, `presentation/p1/svgs/slide${slide}.svg`), slideSvg(spec, slide));
    await writeFile(path.join(dir, `presentation/p1/thumbnails/thumb-${slide}.png`), await slidePng(176, 136, slideColor(slide), String(slide)));
    await writeFile(path.join(dir, `presentation/p1/textfiles/slide-${slide}.txt`), `Slide ${slide}\n`);
  }
  await writeFile(path.join(dir, 'presentation/deskshare.png'), await slidePng(1280, 720, '#ffffff', ''));
  await writeFile(path.join(dir, 'presentation/logo.png'), await slidePng(320, 240, '#ffffff', 'BBB'));
  if (spec.captions) {
    await writeFile(path.join(dir, 'captions.json'), JSON.stringify([{ locale: 'fr-FR', localeName: 'Français (France)' }]));
    await writeFile(path.join(dir, 'caption_fr-FR.vtt'), 'WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nBonjour et bienvenue.\n\n00:00:09.000 --> 00:00:12.000\nVoici l\'écran partagé.\n');
  }
  await generateMedia(spec, dir);
  if (spec.videoFormat) await generateVideoFormat(spec, path.join(root, 'video', spec.recordId));
}

/** Generates (or reuses) the recording; safe when several test processes ask for the same spec at once. */
export async function generateRecording(spec: FixtureSpec, cacheRoot = defaultFixtureRoot()): Promise<GeneratedRecording> {
  const key = createHash('sha1').update(JSON.stringify({ spec, v: GENERATOR_VERSION })).digest('hex').slice(0, 16);
  const root = path.join(cacheRoot, key);
  const result: GeneratedRecording = {
    spec,
    root,
    presentationDir: path.join(root, 'presentation', spec.recordId),
    videoDir: spec.videoFormat ? path.join(root, 'video', spec.recordId) : null,
  };
  if (existsSync(path.join(root, '.complete'))) return result;
  // One process builds, the others wait for it: test files run in parallel and ask for the same specs.
  await mkdir(cacheRoot, { recursive: true });
  const lock = path.join(cacheRoot, `${key}.lock`);
  for (;;) {
    try {
      await mkdir(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (existsSync(path.join(root, '.complete'))) return result;
      // A lock older than 15 minutes belongs to a process that died: take it over.
      if (Date.now() - statSync(lock).mtimeMs > 15 * 60_000) await rm(lock, { recursive: true, force: true });
      else await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  const building = path.join(cacheRoot, `${key}.tmp-${process.pid}-${Date.now()}`);
  try {
    if (existsSync(path.join(root, '.complete'))) return result;
    await mkdir(building, { recursive: true });
    await build(spec, building);
    await writeFile(path.join(building, '.complete'), new Date().toISOString());
    await rm(root, { recursive: true, force: true });
    await rename(building, root);
  } finally {
    await rm(building, { recursive: true, force: true });
    await rm(lock, { recursive: true, force: true });
  }
  return result;
}
