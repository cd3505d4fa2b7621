// Runs in Node (test, pure logic). The presentation recording's parsing and the state timeline: the
// visibility rules of https://github.com/bigbluebutton/bbb-playback, quirks of old and new generators, chapters, concat lists.
import { describe, expect, it } from 'vitest';
import {
  chatText,
  parseCursor,
  parseDeskshare,
  parsePanzooms,
  parsePresentation,
  parseShapesSvg,
  parseStyle,
  parseTldrawJson,
} from '../../src/main/bbb/presentation/parsePresentation';
import { buildStateTimeline, chaptersFromSlides, visibleVersions } from '../../src/main/bbb/presentation/stateTimeline';
import { MEETING_AUDIO_CHAIN, buildChaptersMetadata, buildComposeArgs, buildConcatList, iso6392 } from '../../src/main/bbb/presentation/composeArgs';
import { computeFrameLayout, fitEven, viewBoxTransform } from '../../src/main/bbb/presentation/frameLayout';
import { describeTldrawShape } from '../../src/main/bbb/presentation/drawState';
import { baselineOf, lineLeft, linePitch, svgTextBlock, tldrawTextBlock } from '../../src/main/bbb/presentation/textLayout';

const metadata = (ms: number) => `<recording><id>r1</id><meeting id="r1" name="Cours &amp; TD"/><playback><duration>${ms}</duration></playback></recording>`;

const shapes = `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">
<image id="image1" class="slide" in="0.0 12.0" out="5.0 20.0" xlink:href="presentation/p1/slide-1.png" width="1600" height="1200"/>
<image id="image2" class="slide" in="5.0" out="12.0" xlink:href="presentation/p1/slide-2.png" width="800" height="600"/>
<g class="canvas" id="canvas1" image="image1" display="none">
  <g id="image1-draw1" class="shape" timestamp="1.0" undo="-1" shape="pen-a" style="stroke:#ff0000;stroke-width:4;fill:none"><path d="M0 0L10 10"/></g>
  <g id="image1-draw2" class="shape" timestamp="2.0" undo="-1" shape="pen-a" style="stroke:#ff0000;stroke-width:4"><path d="M0 0L10 10L20 0"/></g>
  <g id="image1-draw3" class="shape" timestamp="3.0" undo="4.0" shape="rect-b" style="stroke:#000;fill:#ffff00"><rect x="1" y="2" width="3" height="4"/></g>
  <g id="image1-draw4" class="shape" timestamp="13.0" undo="-1" shape="text-c" style=""><switch><foreignObject x="5" y="6" width="100" height="20"><p xmlns="http://www.w3.org/1999/xhtml" style="color:#00ff00;font-size:24px">Salut &amp; bonjour</p></foreignObject></switch></g>
</g>
</svg>`;

describe('text annotations', () => {
  it('reads the font size and colour BBB writes on the <g>, and the <br/> line breaks', () => {
    const svg = `<svg xmlns="http://www.w3.org/2000/svg"><image id="image1" class="slide" in="0" out="9" xlink:href="s.png" width="1600" height="1200"/>
<g class="canvas" id="canvas1" image="image1"><g class="shape" timestamp="1" undo="-1" shape="text7" style="color:#ff0000;word-wrap:break-word;visibility:hidden;font-family:Arial;font-size:61.5px"><switch><foreignObject width="400" height="90" x="10" y="20"><p xmlns="http://www.w3.org/1999/xhtml" style="margin:0;padding:0">Premi&#232;re<br/>deuxi&#232;me ligne</p></foreignObject></switch></g></g></svg>`;
    const text = parseShapesSvg(svg).drawings[0]!.primitives[0]!;
    expect(text).toMatchObject({ kind: 'text', x: 10, y: 20, width: 400, fontSize: 61.5, color: '#ff0000', text: 'Première\ndeuxième ligne' });
    if (text.kind !== 'text') throw new Error('not text');
    expect(svgTextBlock(text)).toMatchObject({ x: 10, y: 20, wrapWidth: 400, padding: 0, fontSize: 61.5, lineHeight: null, align: 'start' });
  });

  it('sizes tldraw text per size name, scale, line height and padding (v1 and v2)', () => {
    const v1 = tldrawTextBlock({ type: 'text', point: [100, 200], text: 'a', style: { size: 'large', scale: 0.5, textAlign: 'start' } }, '#000');
    expect(v1).toMatchObject({ x: 100, y: 200, fontSize: 48, lineHeight: 1, padding: 4, wrapWidth: null, align: 'start' });
    expect(tldrawTextBlock({ type: 'text', point: [0, 0], text: 'a', style: { size: 'small' } }, '#000')).toMatchObject({ fontSize: 28, align: 'middle' });
    const v2 = tldrawTextBlock({ type: 'text', x: 5, y: 6, props: { text: 'a', size: 'xl', scale: 2, autoSize: false, w: 300 } }, '#000');
    expect(v2).toMatchObject({ x: 5, y: 6, fontSize: 88, lineHeight: 1.35, padding: 0, wrapWidth: 300 });
    expect(tldrawTextBlock({ type: 'text', x: 0, y: 0, props: { text: 'a', size: 'm' } }, '#000')).toMatchObject({ fontSize: 24, wrapWidth: null });
  });

  it('puts each baseline in the middle of its line box, from the top padding', () => {
    const metrics = { ascent: 40, descent: 10 };
    const block = { ...tldrawTextBlock({ type: 'text', x: 0, y: 100, props: { text: 'a\nb', size: 'xl', align: 'middle' } }, '#000') };
    // 44 × 1.35 = 59.4 per line; half-leading (59.4 − 50) / 2 = 4.7.
    expect(linePitch(block, metrics)).toBeCloseTo(59.4, 6);
    expect(baselineOf(block, metrics, 0)).toBeCloseTo(100 + 4.7 + 40, 6);
    expect(baselineOf(block, metrics, 1)).toBeCloseTo(100 + 59.4 + 4.7 + 40, 6);
    expect(lineLeft(block, 20, 100)).toBe(40);
    const normal = svgTextBlock({ x: 0, y: 0, width: 0, text: 'a', fontSize: 50, color: '#000' });
    expect(linePitch(normal, metrics)).toBe(50);
    expect(baselineOf(normal, metrics, 1)).toBe(90);
  });
});

describe('presentation parsing', () => {
  it('splits multi-value in/out into appearances and reads drawings with their style', () => {
    const parsed = parseShapesSvg(shapes);
    expect(parsed.slides.map((s) => [s.imageId, s.start, s.end])).toEqual([
      ['image1', 0, 5],
      ['image2', 5, 12],
      ['image1', 12, 20],
    ]);
    expect(parsed.drawings).toHaveLength(4);
    expect(parsed.drawings[2]).toMatchObject({ shapeKey: 'rect-b', start: 3, undo: 4, primitives: [{ kind: 'rect', x: 1, y: 2, width: 3, height: 4 }] });
    expect(parsed.drawings[0]!.undo).toBe(Number.POSITIVE_INFINITY);
    expect(parsed.drawings[3]!.primitives[0]).toMatchObject({ kind: 'text', text: 'Salut & bonjour', fontSize: 24, color: '#00ff00' });
    expect(parseStyle('stroke:#f00;stroke-width:3;fill:none;opacity:0.5', {})).toMatchObject({ stroke: '#f00', strokeWidth: 3, fill: null, opacity: 0.5 });
  });

  it('applies the visibility rules: latest started version per shape, undo removes, canvas follows its image', () => {
    const recording = parsePresentation({ metadataXml: metadata(20000), shapesSvg: shapes, tldrawJson: null, panzoomsXml: null, cursorXml: null, deskshareXml: null, chatXml: null });
    expect(recording.name).toBe('Cours & TD');
    expect(recording.tldraw).toBeNull();
    const segments = buildStateTimeline(recording, { cursor: false, chat: false });
    const at = (t: number) => segments.find((s) => s.start <= t && t < s.end)!.state;
    expect(at(0.5).drawings).toEqual([]);
    expect(at(1.5).drawings).toEqual([0]);
    expect(at(2.5).drawings).toEqual([1]);
    expect(at(3.5).drawings).toEqual([1, 2]);
    expect(at(4.5).drawings).toEqual([1]);
    expect(at(6).slideIndex).toBe(1);
    expect(at(6).drawings).toEqual([]); // canvas1 belongs to image1
    expect(at(12.5).drawings).toEqual([1]); // image1 again: its drawings are back
    expect(at(13.5).drawings).toEqual([1, 3]);
    expect(segments[segments.length - 1]!.end).toBe(20);
    // Consecutive equal states are merged: 0–1, 1–2, 2–3, 3–4, 4–5, 5–12, 12–13, 13–20.
    expect(segments.map((s) => s.start)).toEqual([0, 1, 2, 3, 4, 5, 12, 13]);
  });

  it('visibleVersions keeps the latest started version and respects undo', () => {
    const v = [
      { order: 0, key: 'a', start: 1, undo: Infinity },
      { order: 1, key: 'a', start: 2, undo: 3 },
      { order: 2, key: 'b', start: 1, undo: Infinity },
    ];
    expect(visibleVersions(v, 1.5)).toEqual([0, 2]);
    expect(visibleVersions(v, 2.5)).toEqual([1, 2]);
    expect(visibleVersions(v, 3.5)).toEqual([2]);
  });

  it('groups tldraw versions by shape_data.id (numeric top-level ids) and tells v1 from v2', () => {
    const doc = JSON.stringify({
      bbb_version: '3.0.4',
      '1': { timestamp: 0, shapes: [
        { id: 17, timestamp: 2, undo: -1, shape_data: { id: 'shape:x', type: 'draw', x: 1, y: 2, props: { color: 'red', size: 'm', segments: [{ type: 'free', points: [{ x: 0, y: 0 }] }] } } },
        { id: 18, timestamp: 3, undo: 6, shape_data: { id: 'shape:x', props: { segments: [{ type: 'free', points: [{ x: 0, y: 0 }, { x: 5, y: 5 }] }] } } },
      ] },
    });
    const parsed = parseTldrawJson(doc);
    expect(parsed.version).toBe(2);
    expect(parsed.shapes.map((s) => s.shapeId)).toEqual(['shape:x', 'shape:x']);
    // The second version is deep-merged: it keeps the type, position and colour of the first.
    expect(parsed.shapes[1]!.record).toMatchObject({ type: 'draw', x: 1, y: 2, props: { color: 'red' } });
    expect(parsed.shapes[1]!.undo).toBe(6);
    const v1 = parseTldrawJson(JSON.stringify({ bbb_version: '2.6.10', '1': { shapes: [{ id: 'r', timestamp: 1, undo: -1, shape_data: { id: 'r', type: 'rectangle', point: [10, 20], size: [30, 40], style: { color: 'blue', size: 'small', isFilled: true } } }] } }));
    expect(v1.version).toBe(1);
    expect(describeTldrawShape(v1.shapes[0]!.record)).toMatchObject({ type: 'geo', geo: 'rectangle', x: 10, y: 20, w: 30, h: 40, color: '#4465e9', fill: 'semi', strokeWidth: 2 });
    expect(() => parseTldrawJson('{not json')).toThrow(/tldraw.json/);
  });

  it('reads panzooms, cursor (hidden = null), deskshare and chat (escaped HTML to text)', () => {
    const pz = parsePanzooms('<recording id="panzoom_events" tldraw="true"><event timestamp="5.0"><viewBox>400 300 800 600</viewBox></event><event timestamp="0.0"><viewBox>0 0 1600 1200</viewBox></event></recording>');
    expect(pz.tldraw).toBe(true);
    expect(pz.events.map((e) => e.time)).toEqual([0, 5]);
    const cursor = parseCursor('<recording id="cursor_events"><event timestamp="1.0"><cursor>0.5 0.5</cursor></event><event timestamp="7.0"><cursor>-1 -1</cursor></event></recording>');
    expect(cursor.events.map((e) => e.position)).toEqual([[0.5, 0.5], null]);
    expect(parseDeskshare('<recording id="deskshare_events"><event start_timestamp="8.0" stop_timestamp="14.0" video_width="1280" video_height="720"/></recording>')).toEqual([{ start: 8, end: 14, width: 1280, height: 720 }]);
    expect(parseDeskshare('')).toEqual([]);
    expect(chatText('Voir &lt;a href=&quot;https://example.org&quot; rel=&quot;nofollow&quot;&gt;&lt;u&gt;example.org&lt;/u&gt;&lt;/a&gt;')).toBe('Voir example.org');
    expect(() => parsePanzooms('<recording><event>')).toThrow(/panzooms.xml/);
  });

  it('makes chapters from slide changes and screen sharing', () => {
    const recording = parsePresentation({
      metadataXml: metadata(20000),
      shapesSvg: shapes,
      tldrawJson: null,
      panzoomsXml: null,
      cursorXml: null,
      deskshareXml: '<recording><event start_timestamp="15.0" stop_timestamp="18.0"/></recording>',
      chatXml: null,
    });
    expect(chaptersFromSlides(recording)).toEqual([
      { startSec: 0, title: 'Slide 1' },
      { startSec: 5, title: 'Slide 2' },
      { startSec: 12, title: 'Slide 1' },
      { startSec: 15, title: 'Screen sharing' },
    ]);
  });
});

describe('compose arguments and layout', () => {
  it('repeats the last concat entry (the demuxer ignores its duration) and quotes paths', () => {
    const list = buildConcatList([
      { file: '/tmp/a.png', durationSec: 2 },
      { file: "/tmp/it's.png", durationSec: 1.5 },
    ]);
    expect(list).toBe("ffconcat version 1.0\nfile '/tmp/a.png'\nduration 2.000\nfile '/tmp/it'\\''s.png'\nduration 1.500\nfile '/tmp/it'\\''s.png'\n");
  });

  it('writes ffmetadata chapters in milliseconds with escaped titles', () => {
    const meta = buildChaptersMetadata([{ startSec: 0, title: 'A=1' }, { startSec: 5.5, title: 'B' }], 10, 'T;x');
    expect(meta).toContain('title=T\\;x');
    expect(meta).toContain('START=0\nEND=5500\ntitle=A\\=1');
    expect(meta).toContain('START=5500\nEND=10000\ntitle=B');
  });

  it('builds one FFmpeg pass: states → CFR, webcams, one seek per deskshare interval, audio, chapters, exact length', () => {
    const layout = computeFrameLayout({ webcams: true, chat: false });
    const media = { file: 'webcams.webm', hasVideo: true, hasAudio: true, audioChannels: 1 };
    const args = buildComposeArgs({
      concatFile: 'states.ffconcat',
      durationSec: 20,
      fps: 15,
      layout,
      media,
      deskshare: { file: 'deskshare.webm', intervals: [{ start: 8, end: 14 }] },
      chaptersFile: 'ch.ffmeta',
      output: 'out.mp4',
    });
    const graph = args[args.indexOf('-filter_complex') + 1]!;
    expect(graph).toContain('[0:v]format=yuv420p,fps=15');
    expect(graph).toContain("enable='between(t,8.000,14.000)'");
    expect(graph).toContain('setpts=PTS-STARTPTS+8.000/TB');
    // The shared screen is scaled at its own rate, then repeated to 15 fps.
    expect(graph).toMatch(/\[2:v\]setpts=[^;]*scale=960:720[^;]*,fps=15\[ds2\]/);
    expect(args.join(' ')).toContain('-ss 8.000 -t 6.000 -i deskshare.webm');
    // The meeting audio goes through 16-bit samples: no denormal floats reach the AAC encoder (tests/service/bbbAudio.test.ts).
    expect(graph).toContain(`[1:a]${MEETING_AUDIO_CHAIN},apad[aout]`);
    expect(args.slice(-8)).toContain('20.000');
    expect(args).toContain('-map_chapters');
    // BBB's mono meeting audio stays mono (half the AAC work); stereo stays stereo.
    expect(args[args.indexOf('-ac') + 1]).toBe('1');
    expect(buildComposeArgs({ concatFile: 'c', durationSec: 5, fps: 15, layout, media: { ...media, audioChannels: 2 }, deskshare: null, chaptersFile: null, output: 'o.mp4' }).join(' ')).toContain('-ac 2');
    // No audio at all: a silent track keeps the output uniform.
    const silent = buildComposeArgs({ concatFile: 'c', durationSec: 5, fps: 15, layout: computeFrameLayout({ webcams: false, chat: false }), media: null, deskshare: null, chaptersFile: null, output: 'o.mp4' });
    expect(silent.join(' ')).toContain('anullsrc=r=48000:cl=stereo');
    expect(silent.join(' ')).toContain('-ac 2');
    const captioned = buildComposeArgs({ concatFile: 'c', durationSec: 5, fps: 15, layout: computeFrameLayout({ webcams: false, chat: false }), media: null, deskshare: null, chaptersFile: null, captions: [{ file: 'caption_fr-FR.vtt', language: iso6392('fr-FR') }], output: 'o.mp4' }).join(' ');
    expect(captioned).toContain('-i caption_fr-FR.vtt');
    expect(captioned).toContain('-map 2:s -metadata:s:s:0 language=fre');
    expect(captioned).toContain('-c:s mov_text');
    expect([iso6392('en-US'), iso6392('de'), iso6392('xx-YY')]).toEqual(['eng', 'ger', 'und']);
  });

  it('fits a viewBox into the slide area, centred, and keeps sizes even', () => {
    const area = computeFrameLayout({ webcams: true, chat: true }).slideArea;
    expect(area).toEqual({ x: 0, y: 0, width: 960, height: 720 });
    expect(viewBoxTransform([0, 0, 1600, 1200], area)).toEqual({ scale: 0.6, offsetX: 0, offsetY: 0 });
    const zoomed = viewBoxTransform([400, 300, 800, 600], area);
    expect(zoomed.scale).toBe(1.2);
    expect(zoomed.offsetX).toBeCloseTo(-480);
    const wide = viewBoxTransform([0, 0, 1280, 720], area);
    expect(wide.offsetY).toBeCloseTo(90);
    expect(fitEven(1280, 720, 960, 720)).toEqual({ width: 960, height: 540 });
    expect(computeFrameLayout({ webcams: false, chat: false }).slideArea.width).toBe(1280);
  });
});
