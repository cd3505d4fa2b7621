// Runs anywhere (pure). Text from remote servers (BBB recording names, Pod titles) or from files goes
// through here before reaching a terminal, so escape sequences cannot recolour, retitle or rewrite it.

// C0 controls (ESC, BEL, backspace, carriage return…) except tab, DEL, C1 controls (8-bit CSI 0x9B…),
// and the bidirectional overrides that reorder what is shown (Trojan Source, CVE-2021-42574).
const UNSAFE = /[\u0000-\u0008\u000A-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;
// A whole ANSI/VT escape sequence (CSI, OSC up to BEL or ST, other ESC x), so no leftover "[31m" is shown.
const ESCAPE_SEQUENCE = /\u001B(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001B]*(?:\u0007|\u001B\\)?|[PX^_][^\u001B]*(?:\u001B\\)?|[0-~])|\u009B[0-?]*[ -/]*[@-~]/g;

/** One line of text that is safe to print: escape sequences removed, other control characters shown as '?'. */
export function terminalSafe(text: string | null | undefined): string {
  if (text === null || text === undefined) return '';
  return String(text).replace(ESCAPE_SEQUENCE, '').replace(UNSAFE, '?');
}
