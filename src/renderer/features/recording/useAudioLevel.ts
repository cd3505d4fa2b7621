// Runs in the renderer. The live microphone level (RMS and peak in dBFS) from a Web Audio
// AnalyserNode on the stream's audio track, ten times a second, with steady clipping/silence warnings.
import { useEffect, useState } from 'react';
import { LevelWatcher, measure, type LevelWarnings } from './logic/audioLevel';

export interface AudioLevel extends LevelWarnings {
  rmsDb: number;
  peakDb: number;
}

const SILENT: AudioLevel = { rmsDb: -Infinity, peakDb: -Infinity, clipping: false, silent: false };

export function useAudioLevel(stream: MediaStream | null): AudioLevel {
  const [level, setLevel] = useState<AudioLevel>(SILENT);
  useEffect(() => {
    const track = stream?.getAudioTracks()[0];
    if (!stream || !track) {
      setLevel(SILENT);
      return;
    }
    const context = new AudioContext();
    const source = context.createMediaStreamSource(new MediaStream([track]));
    const analyser = context.createAnalyser();
    analyser.fftSize = 1024;
    source.connect(analyser);
    const samples = new Float32Array(analyser.fftSize);
    const watcher = new LevelWatcher();
    // A context created without a user gesture may start suspended; the preview is a user's intent.
    void context.resume();
    const timer = setInterval(() => {
      analyser.getFloatTimeDomainData(samples);
      const reading = measure(samples);
      setLevel({ rmsDb: reading.rmsDb, peakDb: reading.peakDb, ...watcher.update(reading, performance.now()) });
    }, 100);
    return () => {
      clearInterval(timer);
      source.disconnect();
      void context.close();
    };
  }, [stream]);
  return level;
}
