// Runs in Node (main side). Serves one local file over node:http with Range support.
import { createReadStream, statSync, type ReadStream } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { contentTypeFor, parseRange } from '../../shared/logic/httpRange';

export function serveFile(request: IncomingMessage, response: ServerResponse, file: string, headers: Record<string, string> = {}): void {
  let size: number;
  try {
    const stat = statSync(file);
    if (!stat.isFile()) throw new Error('not a file');
    size = stat.size;
  } catch {
    // The reference resolved but the file is gone (deleted under us): a plain 404.
    response.writeHead(404, headers).end();
    return;
  }
  const base = { ...headers, 'Content-Type': contentTypeFor(file), 'Accept-Ranges': 'bytes', 'Cache-Control': 'no-cache', 'X-Content-Type-Options': 'nosniff' };
  const range = parseRange(request.headers.range, size);
  if (range.kind === 'unsatisfiable') {
    response.writeHead(416, { ...base, 'Content-Range': `bytes */${size}` }).end();
    return;
  }
  if (range.kind === 'partial') {
    response.writeHead(206, { ...base, 'Content-Range': `bytes ${range.start}-${range.end}/${size}`, 'Content-Length': String(range.end - range.start + 1) });
    if (request.method === 'HEAD') return void response.end();
    pipeFile(createReadStream(file, { start: range.start, end: range.end }), response);
    return;
  }
  response.writeHead(200, { ...base, 'Content-Length': String(size) });
  if (request.method === 'HEAD') return void response.end();
  pipeFile(createReadStream(file), response);
}

/** A read error (file removed or locked after stat) ends this response only, never the process. */
function pipeFile(stream: ReadStream, response: ServerResponse): void {
  stream.on('error', () => response.destroy());
  response.on('close', () => stream.destroy());
  stream.pipe(response);
}
