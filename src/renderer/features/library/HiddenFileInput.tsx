// Runs in the renderer. The invisible file picker behind a visible button (PDF, bundle): out of the tab
// order and hidden from screen readers, it hands over one file and is emptied so the same file can be
// picked again.
import type { Ref } from 'react';

export function HiddenFileInput({ ref, accept, testId, onFile }: { ref: Ref<HTMLInputElement>; accept: string; testId: string; onFile: (file: File) => void }) {
  return (
    <input
      ref={ref}
      type="file"
      accept={accept}
      className="visually-hidden"
      tabIndex={-1}
      aria-hidden="true"
      data-testid={testId}
      onChange={(event) => {
        const file = event.target.files?.[0];
        event.target.value = '';
        if (file) onFile(file);
      }}
    />
  );
}
