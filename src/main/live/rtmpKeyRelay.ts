// Runs in Node (main side). Keeps stream keys off FFmpeg's command line (where any local user could read
// them in the process list): FFmpeg pushes to a loopback relay with a same-length random stand-in for the
// stream name, and the relay forwards the RTMP connection to the real server, writing the real name over
// the stand-in inside the client's AMF command messages. Same length: no chunk or message header changes.
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import tls from 'node:tls';
import { StudioError } from '../../shared/errors';

/** C0 + C1 + C2 of the RTMP handshake, sent by the client before any chunk. */
const HANDSHAKE_BYTES = 1 + 1536 + 1536;
/** After this much client traffic without a `publish` command, the relay stops looking. */
const MAX_COMMAND_PHASE_BYTES = 1024 * 1024;
const PUBLISH_COMMAND = Buffer.from([0x02, 0x00, 0x07, ...Buffer.from('publish')]);

export interface RtmpTargetParts {
  secure: boolean;
  host: string;
  port: number;
  /** The application as FFmpeg reads it: the first path segment. */
  app: string;
  /** Everything after the application: the stream name / key (FFmpeg's playpath). */
  playpath: string;
}

export function splitRtmpUrl(url: string): RtmpTargetParts {
  const match = /^(rtmps?):\/\/([^/:]+)(?::(\d+))?\/([^/]+)\/(.+)$/i.exec(url.trim());
  if (!match) throw new StudioError('LIVE_BAD_URL', 'An RTMP target must look like rtmp://server/application/stream-key.');
  const secure = match[1]!.toLowerCase() === 'rtmps';
  return { secure, host: match[2]!, port: match[3] ? Number(match[3]) : secure ? 443 : 1935, app: match[4]!, playpath: match[5]! };
}

/** A random stand-in of the same length, made of characters FFmpeg passes through unchanged. */
export function standIn(length: number): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';
  const bytes = randomBytes(length);
  let out = '';
  for (let index = 0; index < length; index += 1) out += alphabet[bytes[index]! % alphabet.length];
  return out;
}

interface ChunkStreamState {
  length: number;
  type: number;
  extendedTimestamp: boolean;
  remaining: number;
  /** Where this message's payload bytes sit in the held buffer. */
  ranges: [number, number][];
}

/**
 * Client-to-server byte filter: passes the handshake, then parses the chunk stream (RTMP 1.0 §5.3) and,
 * in every AMF command message, replaces `from` by `to` (equal lengths). Bytes are held only while a
 * message is incomplete; once `publish` went through, everything passes untouched.
 */
export class PlaypathRewriter {
  private handshakeLeft = HANDSHAKE_BYTES;
  private pending = Buffer.alloc(0);
  private held = Buffer.alloc(0);
  private chunkSize = 128;
  private readonly streams = new Map<number, ChunkStreamState>();
  private passthrough = false;
  private parsedBytes = 0;
  replacements = 0;

  constructor(
    private readonly from: Buffer,
    private readonly to: Buffer,
  ) {
    if (from.length !== to.length) throw new Error('the stand-in and the stream name must have the same length');
  }

  push(data: Buffer): Buffer {
    if (this.passthrough) return data;
    const out: Buffer[] = [];
    let input = data;
    if (this.handshakeLeft > 0) {
      const take = Math.min(this.handshakeLeft, input.length);
      out.push(input.subarray(0, take));
      this.handshakeLeft -= take;
      input = input.subarray(take);
    }
    if (input.length === 0) return Buffer.concat(out);
    this.pending = Buffer.concat([this.pending, input]);
    this.parse();
    if (this.passthrough || ![...this.streams.values()].some((stream) => stream.remaining > 0)) {
      out.push(this.held);
      this.held = Buffer.alloc(0);
      for (const stream of this.streams.values()) stream.ranges = [];
      if (this.passthrough) {
        out.push(this.pending);
        this.pending = Buffer.alloc(0);
      }
    }
    return Buffer.concat(out);
  }

  private parse(): void {
    for (;;) {
      if (this.passthrough) return;
      const chunk = this.readChunk();
      if (!chunk) return;
      if (this.parsedBytes > MAX_COMMAND_PHASE_BYTES) this.passthrough = true;
    }
  }

  /** Moves one complete chunk from `pending` to `held`; false when more bytes are needed. */
  private readChunk(): boolean {
    const buf = this.pending;
    if (buf.length < 1) return false;
    const fmt = buf[0]! >> 6;
    let csid = buf[0]! & 0x3f;
    let offset = 1;
    if (csid === 0) {
      if (buf.length < 2) return false;
      csid = 64 + buf[1]!;
      offset = 2;
    } else if (csid === 1) {
      if (buf.length < 3) return false;
      csid = 64 + buf[1]! + buf[2]! * 256;
      offset = 3;
    }
    const headerLength = [11, 7, 3, 0][fmt]!;
    if (buf.length < offset + headerLength) return false;
    const previous = this.streams.get(csid) ?? { length: 0, type: 0, extendedTimestamp: false, remaining: 0, ranges: [] };
    const state: ChunkStreamState = { ...previous };
    if (fmt <= 2) state.extendedTimestamp = buf.readUIntBE(offset, 3) === 0xffffff;
    if (fmt <= 1) {
      state.length = buf.readUIntBE(offset + 3, 3);
      state.type = buf[offset + 6]!;
    }
    offset += headerLength;
    if (state.extendedTimestamp) offset += 4;
    if (buf.length < offset) return false;
    // A chunk of type 0, 1 or 2, or a type-3 chunk after a finished message, starts a new message.
    const starts = fmt <= 2 || previous.remaining === 0;
    if (starts) {
      state.remaining = state.length;
      state.ranges = [];
    }
    const payload = Math.min(this.chunkSize, state.remaining);
    if (buf.length < offset + payload) return false;

    const base = this.held.length;
    this.held = Buffer.concat([this.held, buf.subarray(0, offset + payload)]);
    this.pending = buf.subarray(offset + payload);
    this.parsedBytes += offset + payload;
    state.ranges.push([base + offset, payload]);
    state.remaining -= payload;
    this.streams.set(csid, state);
    if (state.remaining === 0) this.messageComplete(state);
    return true;
  }

  private messageComplete(state: ChunkStreamState): void {
    const payload = Buffer.concat(state.ranges.map(([start, length]) => this.held.subarray(start, start + length)));
    if (state.type === 1 && payload.length >= 4) {
      // Set Chunk Size from the client: the next chunks are cut at the new size.
      this.chunkSize = payload.readUInt32BE(0) & 0x7fffffff;
      return;
    }
    if (state.type !== 20 && state.type !== 17) return;
    const body = state.type === 17 ? payload.subarray(1) : payload;
    const shift = state.type === 17 ? 1 : 0;
    let at = body.indexOf(this.from);
    while (at >= 0) {
      for (let index = 0; index < this.to.length; index += 1) this.writeAt(state.ranges, shift + at + index, this.to[index]!);
      this.replacements += 1;
      at = body.indexOf(this.from, at + this.from.length);
    }
    if (body.subarray(0, PUBLISH_COMMAND.length).equals(PUBLISH_COMMAND)) this.passthrough = true;
  }

  /** Writes one byte at a message payload position, wherever its chunk put it in the held buffer. */
  private writeAt(ranges: [number, number][], position: number, value: number): void {
    let left = position;
    for (const [start, length] of ranges) {
      if (left < length) {
        this.held[start + left] = value;
        return;
      }
      left -= length;
    }
  }
}

export interface RelayEvents {
  /** The real server could not be reached (DNS, refused, TLS, timeout…). */
  onUpstreamError(message: string): void;
}

export interface RelayOptions {
  /** Extra certificate authorities (PEM) for rtmps servers signed by an institution's own CA. */
  ca?: string;
}

/** One loopback relay for one RTMP target, for the life of a live session (FFmpeg reconnects through it). */
export class RtmpKeyRelay {
  private readonly sockets = new Set<net.Socket>();

  private constructor(
    private readonly server: net.Server,
    readonly target: RtmpTargetParts,
    private readonly placeholder: string,
    private readonly options: RelayOptions = {},
  ) {}

  static async start(url: string, events: RelayEvents, options: RelayOptions = {}): Promise<RtmpKeyRelay> {
    const target = splitRtmpUrl(url);
    const placeholder = standIn(Buffer.byteLength(target.playpath));
    const from = Buffer.from(placeholder);
    const to = Buffer.from(target.playpath);
    const server = net.createServer();
    const relay = new RtmpKeyRelay(server, target, placeholder, options);
    server.on('connection', (client) => relay.relay(client, new PlaypathRewriter(from, to), events));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    return relay;
  }

  get port(): number {
    return (this.server.address() as net.AddressInfo).port;
  }

  /** What FFmpeg pushes to: no secret in it. */
  get localUrl(): string {
    return `rtmp://127.0.0.1:${this.port}/${this.target.app}/${this.placeholder}`;
  }

  /** The tcUrl FFmpeg must announce (the real server's, not the relay's). */
  get tcUrl(): string {
    const defaultPort = this.target.secure ? 443 : 1935;
    return `${this.target.secure ? 'rtmps' : 'rtmp'}://${this.target.host}${this.target.port === defaultPort ? '' : `:${this.target.port}`}/${this.target.app}`;
  }

  private relay(client: net.Socket, rewriter: PlaypathRewriter, events: RelayEvents): void {
    const { host, port, secure } = this.target;
    // rtmps: TLS ends here, with the system's CAs (plus the institution's, when given) and the host name checked.
    const upstream: net.Socket = secure
      ? tls.connect({ host, port, servername: net.isIP(host) ? undefined : host, ...(this.options.ca ? { ca: [...tls.rootCertificates, this.options.ca] } : {}) })
      : net.connect({ host, port });
    this.sockets.add(client);
    this.sockets.add(upstream);
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    client.on('data', (data: Buffer) => {
      const out = rewriter.push(data);
      if (out.length > 0) upstream.write(out);
    });
    upstream.on('data', (data: Buffer) => client.write(data));
    const closeBoth = () => {
      client.destroy();
      upstream.destroy();
      this.sockets.delete(client);
      this.sockets.delete(upstream);
    };
    upstream.on('error', (error: NodeJS.ErrnoException) => {
      events.onUpstreamError(error.code ? `${error.code}: ${error.message}` : error.message);
      closeBoth();
    });
    // FFmpeg closing its side (a stop, a recovery) needs no report: the other side simply goes too.
    client.on('error', closeBoth);
    client.on('close', closeBoth);
    upstream.on('close', closeBoth);
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
