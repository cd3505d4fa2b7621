// Runs in Node (main side). A small logger that can never print a secret.

const SECRET_KEYS = /token|secret|password|passwd|authorization|stream_?key|checksum|ciphertext/i;

export function redact(value: unknown, depth = 0): unknown {
  if (depth > 6) return '…';
  if (typeof value === 'string') {
    return value
      .replace(/(rtmps?:\/\/[^/\s]+\/[^/\s]+\/)[^\s]+/g, '$1••••')
      .replace(/([?&](?:token|key|secret|checksum|password)=)[^&\s]+/gi, '$1••••')
      .replace(/(Token|Bearer)\s+[A-Za-z0-9._~+/=-]+/g, '$1 ••••');
  }
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = SECRET_KEYS.test(key) ? '••••' : redact(item, depth + 1);
    return out;
  }
  return value;
}

export interface Logger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export function createLogger(write: (line: string) => void = (line) => process.stderr.write(`${line}\n`), quiet = false): Logger {
  const emit = (level: string, message: string, fields?: Record<string, unknown>) => {
    if (quiet && level === 'info') return;
    const suffix = fields ? ` ${JSON.stringify(redact(fields))}` : '';
    write(`${new Date().toISOString()} ${level} ${redact(message) as string}${suffix}`);
  };
  return {
    info: (message, fields) => emit('info', message, fields),
    warn: (message, fields) => emit('warn', message, fields),
    error: (message, fields) => emit('error', message, fields),
  };
}
