// Runs in Node (main side). The checks every loopback request passes before anything else reads it:
// a Host we serve (DNS rebinding), a parseable target, percent-escapes that decode. Pure, so the
// fuzz and unit tests call them directly.

/**
 * A page on another site can make the browser resolve its own name to 127.0.0.1 (DNS rebinding) and
 * then read our answers as same-origin. The browser still sends that name in Host: only the two
 * names we print ourselves are served.
 */
export function isAllowedHost(host: string | undefined, port: number): boolean {
  if (!host) return false;
  const lower = host.toLowerCase();
  return lower === `127.0.0.1:${port}` || lower === `localhost:${port}`;
}

/** The request target as a URL, or null when it cannot be parsed (refused with 400, never thrown). */
export function parseRequestTarget(target: string | undefined): URL | null {
  if (!target || !target.startsWith('/') || target.startsWith('//')) return null;
  try {
    return new URL(target, 'http://127.0.0.1');
  } catch {
    // Not a URL a browser sends: the caller answers 400.
    return null;
  }
}

/** decodeURIComponent without the throw (`%E0%A4%A` killed the server once): null when malformed. */
export function decodePathSafely(encoded: string): string | null {
  try {
    const decoded = decodeURIComponent(encoded);
    // A NUL byte has no business in a file name and makes some fs calls throw.
    return decoded.includes('\0') ? null : decoded;
  } catch {
    // Malformed percent-escape (URIError): the caller answers 400.
    return null;
  }
}
