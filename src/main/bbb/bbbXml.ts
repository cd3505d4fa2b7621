// Runs in Node (main side). Parses BBB/Scalelite API answers (https://docs.bigbluebutton.org/development/api/#api-calls, https://docs.bigbluebutton.org/development/api/#getrecordings) into typed values:
// single element vs list, CDATA with stray whitespace, empty metadata, names escaped twice, unknown elements.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { StudioError } from '../../shared/errors';
import type { BbbPlaybackFormat, BbbPreviewImage, BbbRecording, BbbServerInfo } from '../../shared/domain/bbb';
import { failedAnswerError } from './bbbMessages';

const ALWAYS_LISTS = new Set(['recording', 'format', 'image', 'meeting', 'attendee', 'event', 'chattimeline']);

/** How every BBB document is read: attributes kept as `@_name`, values left as text (ids look numeric). */
export const BBB_XML_OPTIONS = {
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
  htmlEntities: false,
} as const;

export function createXmlParser(): XMLParser {
  return new XMLParser({ ...BBB_XML_OPTIONS, isArray: (name) => ALWAYS_LISTS.has(name) });
}

type Node = Record<string, unknown>;

/** Parses XML text, refusing malformed documents with a clear error. */
export function parseXmlDocument(xml: string, what: string): Node {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    throw new StudioError('BBB_BAD_XML', `The ${what} is not valid XML (line ${valid.err.line}: ${valid.err.msg}).`, { line: valid.err.line });
  }
  const parsed = createXmlParser().parse(xml) as Node;
  return parsed;
}

/** Text content of an element that may be a string, a number, an object with `#text`, or empty. */
export function text(node: unknown): string {
  if (node === undefined || node === null) return '';
  if (typeof node === 'string') return node.trim();
  if (typeof node === 'number' || typeof node === 'boolean') return String(node);
  if (Array.isArray(node)) return text(node[0]);
  if (typeof node === 'object' && '#text' in (node as Node)) return text((node as Node)['#text']);
  return '';
}

function numberOrNull(node: unknown): number | null {
  const value = text(node);
  if (value === '') return null;
  const parsed = Number(value);
  return Number.isFinite(parsed) ? parsed : null;
}

function asList(node: unknown): Node[] {
  if (node === undefined || node === null || node === '') return [];
  return (Array.isArray(node) ? node : [node]).filter((item): item is Node => typeof item === 'object' && item !== null);
}

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** Decodes HTML entities left in a text after XML parsing (names stored escaped twice). */
export function htmlUnescape(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, entity: string) => {
    if (entity[0] === '#') {
      const code = entity[1] === 'x' || entity[1] === 'X' ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[entity.toLowerCase()] ?? whole;
  });
}

export interface BbbAnswer {
  returncode: 'SUCCESS';
  messageKey: string | null;
  message: string | null;
  response: Node;
}

/** Reads `<response>`; a FAILED return code becomes a StudioError that explains its messageKey. */
export function parseBbbAnswer(xml: string, call: string): BbbAnswer {
  const doc = parseXmlDocument(xml, `answer to ${call}`);
  const response = doc.response;
  if (!response || typeof response !== 'object') {
    throw new StudioError('BBB_BAD_ANSWER', `The answer to ${call} has no <response> element: is this URL a BigBlueButton API?`);
  }
  const node = response as Node;
  const returncode = text(node.returncode);
  const messageKey = text(node.messageKey) || null;
  const message = text(node.message) || null;
  if (returncode === 'FAILED') throw failedAnswerError(call, messageKey, message);
  if (returncode !== 'SUCCESS') throw new StudioError('BBB_BAD_ANSWER', `The answer to ${call} has an unexpected return code "${returncode}".`);
  return { returncode: 'SUCCESS', messageKey, message, response: node };
}

export function parseServerInfo(xml: string): BbbServerInfo {
  const { response } = parseBbbAnswer(xml, 'the API root');
  return {
    apiVersion: text(response.apiVersion) || text(response.version) || null,
    bbbVersion: text(response.bbbVersion) || null,
    scalelite: response.build !== undefined,
    graphql: response.graphqlWebsocketUrl !== undefined || response.graphqlApiUrl !== undefined,
  };
}

function parsePreviews(format: Node): BbbPreviewImage[] {
  const preview = format.preview as Node | undefined;
  const images = preview && typeof preview === 'object' ? (preview.images as Node | undefined) : undefined;
  if (!images || typeof images !== 'object') return [];
  return (images.image as unknown[] | undefined ?? []).map((image) => {
    const node = (typeof image === 'object' && image !== null ? image : { '#text': image }) as Node;
    return {
      url: text(node['#text'] ?? ''),
      alt: htmlUnescape(text(node['@_alt'])),
      width: numberOrNull(node['@_width']),
      height: numberOrNull(node['@_height']),
    };
  }).filter((image) => image.url !== '');
}

function parseFormat(node: Node): BbbPlaybackFormat {
  return {
    type: text(node.type),
    url: text(node.url),
    lengthMinutes: numberOrNull(node.length),
    processingTimeMs: numberOrNull(node.processingTime),
    sizeBytes: numberOrNull(node.size),
    previews: parsePreviews(node),
  };
}

function parseMetadata(node: unknown): Record<string, string> {
  if (!node || typeof node !== 'object') return {};
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(node as Node)) {
    if (key.startsWith('@_')) continue;
    out[key] = text(value);
  }
  return out;
}

export function parseRecording(node: Node): BbbRecording {
  const errorNode = node.error as Node | undefined;
  if (errorNode && typeof errorNode === 'object' && node.recordID === undefined) {
    const recordId = text(errorNode.recordID);
    return {
      recordId, meetingId: '', internalMeetingId: null, name: recordId, state: 'unreadable', published: false,
      startTime: null, endTime: null, participants: null, metadata: {}, formats: [], isBreakout: false, unreadable: true,
    };
  }
  const metadata = parseMetadata(node.metadata);
  const playback = node.playback as Node | undefined;
  const formats = playback && typeof playback === 'object' ? asList(playback.format).map(parseFormat) : [];
  const rawName = text(node.name) || metadata.meetingName || metadata['bbb-recording-name'] || text(node.meetingID);
  const published = text(node.published) === 'true';
  return {
    recordId: text(node.recordID),
    meetingId: text(node.meetingID),
    internalMeetingId: text(node.internalMeetingID) || null,
    name: htmlUnescape(rawName),
    state: text(node.state) || (published ? 'published' : 'unpublished'),
    published,
    startTime: numberOrNull(node.startTime),
    endTime: numberOrNull(node.endTime),
    participants: numberOrNull(node.participants),
    metadata,
    formats,
    isBreakout: text(node.isBreakout) === 'true',
    unreadable: false,
  };
}

export interface RecordingsPage {
  recordings: BbbRecording[];
  /** `<totalElements>` at the top (2.7) or inside `<pagination>` (3.0), as a hint only. */
  totalElements: number | null;
  messageKey: string | null;
}

export function parseRecordingsAnswer(xml: string): RecordingsPage {
  const { response, messageKey } = parseBbbAnswer(xml, 'getRecordings');
  const container = response.recordings as Node | undefined;
  const recordings = container && typeof container === 'object' ? asList(container.recording).map(parseRecording) : [];
  const pagination = response.pagination as Node | undefined;
  const totalElements = numberOrNull(response.totalElements) ?? (pagination && typeof pagination === 'object' ? numberOrNull(pagination.totalElements) : null);
  return { recordings, totalElements, messageKey };
}
