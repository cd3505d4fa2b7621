// Runs in the renderer. Loads MediaPipe's selfie segmentation from the app's own files (the npm
// package's script, WebAssembly and model, copied into the build by vite.mediapipe.config.ts; never a
// CDN) and answers one person mask per camera frame: white where the person is, transparent elsewhere.
// https://github.com/google-ai-edge/mediapipe/blob/master/docs/solutions/selfie_segmentation.md

/** The part of the package's API used here (its index.d.ts describes the rest). */
interface SelfieSegmentationSolution {
  setOptions(options: { modelSelection?: number; selfieMode?: boolean }): void;
  onResults(listener: (results: { segmentationMask: CanvasImageSource }) => void): void;
  initialize(): Promise<void>;
  send(inputs: { image: HTMLVideoElement | HTMLCanvasElement | HTMLImageElement }): Promise<void>;
  close(): Promise<void>;
}
type SelfieSegmentationConstructor = new (config: { locateFile: (file: string) => string }) => SelfieSegmentationSolution;

const ASSET_DIR = 'mediapipe/selfie_segmentation/';
let scriptLoaded: Promise<SelfieSegmentationConstructor> | null = null;

function assetUrl(file: string): string {
  return new URL(ASSET_DIR + file, document.baseURI).href;
}

/** The package is a Closure script that defines a global (it is not an ES module): loaded once by a script tag. */
function loadSolutionScript(): Promise<SelfieSegmentationConstructor> {
  scriptLoaded ??= new Promise<SelfieSegmentationConstructor>((resolve, reject) => {
    const script = document.createElement('script');
    script.src = assetUrl('selfie_segmentation.js');
    script.async = true;
    script.onload = () => {
      const found = (globalThis as { SelfieSegmentation?: SelfieSegmentationConstructor }).SelfieSegmentation;
      if (found) resolve(found);
      else reject(Object.assign(new Error('The segmentation model did not load.'), { code: 'BACKGROUND_MODEL_UNAVAILABLE' }));
    };
    script.onerror = () => reject(Object.assign(new Error('The segmentation model could not be loaded.'), { code: 'BACKGROUND_MODEL_UNAVAILABLE' }));
    document.head.append(script);
  }).catch((error: unknown) => {
    scriptLoaded = null;
    throw error;
  });
  return scriptLoaded;
}

export class PersonSegmenter {
  private latest: ((mask: CanvasImageSource) => void) | null = null;

  private constructor(private readonly solution: SelfieSegmentationSolution) {
    solution.onResults((results) => this.latest?.(results.segmentationMask));
  }

  /** Model 1 ("landscape", 144x256 input) is the faster one, made for a webcam's 16:9 picture. */
  static async open(): Promise<PersonSegmenter> {
    const Solution = await loadSolutionScript();
    const solution = new Solution({ locateFile: assetUrl });
    solution.setOptions({ modelSelection: 1, selfieMode: false });
    await solution.initialize();
    return new PersonSegmenter(solution);
  }

  /** The person mask of one frame (the model answers through its results callback). */
  async mask(image: HTMLVideoElement | HTMLCanvasElement | HTMLImageElement): Promise<CanvasImageSource> {
    let found: CanvasImageSource | null = null;
    this.latest = (mask) => (found = mask);
    await this.solution.send({ image });
    this.latest = null;
    if (!found) throw Object.assign(new Error('The segmentation model gave no mask.'), { code: 'BACKGROUND_MODEL_UNAVAILABLE' });
    return found;
  }

  close(): Promise<void> {
    return this.solution.close();
  }
}
