// Runs in the renderer (pure, unit-tested in Node). The prompter's unit is one sentence a line.

/** Sentences of a prompt: one a line, blank lines ignored. */
export function promptSentences(prompt: string): string[] {
  return prompt
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
}
