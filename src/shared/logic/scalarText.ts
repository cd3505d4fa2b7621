// Runs everywhere (shared, pure). Text from a field of untrusted JSON or XML: a string, number or boolean
// becomes its text; an object or array becomes the fallback rather than "[object Object]".

export function scalarText(value: unknown, fallback = ''): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return fallback;
}
