// Runs in the renderer. A recording's thumbnail, fetched through the StudioApi (the page may not load
// remote images itself); without one, an empty box of the same size keeps the rows aligned.
import { useEffect, useState } from 'react';
import type { StudioClient } from '../../api/studioClient';

export function RecordingPreview({ studio, profileId, url, alt }: { studio: StudioClient; profileId: string; url: string; alt: string }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let objectUrl: string | null = null;
    let alive = true;
    studio.bbbPreviewImage(profileId, url).then(
      ({ mime, bytes }) => {
        if (!alive) return;
        objectUrl = URL.createObjectURL(new Blob([bytes as BlobPart], { type: mime }));
        setSrc(objectUrl);
      },
      () => setSrc(null), // no thumbnail: the row still shows its name, date and length
    );
    return () => {
      alive = false;
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [studio, profileId, url]);
  return src ? <img src={src} alt={alt} width={88} height={68} /> : <span style={{ display: 'inline-block', width: 88, height: 68 }} aria-hidden="true" />;
}
