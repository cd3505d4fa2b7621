// Runs in Node (dev entry). Starts the studio behind the loopback bridge and prints the address.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { defaultLibraryDir } from '../cli/main';
import { defaultStaticDir, startWebStudio } from './webServer';

export async function runDevWeb(argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { library: { type: 'string' }, port: { type: 'string' } }, strict: true });
  const libraryDir = values.library ? path.resolve(values.library) : defaultLibraryDir();
  if (!existsSync(path.join(defaultStaticDir(), 'index.html'))) {
    process.stderr.write('The renderer is not built yet: run `npm run build:web` first (npm start does it for you).\n');
    process.exitCode = 1;
    return;
  }
  // A person uses this studio: the demo capsule on first start, grains pre-rendered in the background.
  const web = await startWebStudio({ libraryDir, port: Number(values.port ?? 0) || 0, studioOptions: { interactive: true } });
  process.stdout.write(`Capsule Studio (browser binding) is running.\n  library: ${libraryDir}\n  open:    ${web.url}\n`);
  const stop = async () => {
    await web.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}
