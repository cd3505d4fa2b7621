// Runs in Node (build tooling). Electron Forge: Vite builds for main, preload, the PDF worker and
// the renderer; makers for every platform; native modules and FFmpeg packaged OUTSIDE the asar.
import type { ForgeConfig } from '@electron-forge/shared-types';
import { MakerDeb } from '@electron-forge/maker-deb';
import { MakerDMG } from '@electron-forge/maker-dmg';
import { MakerRpm } from '@electron-forge/maker-rpm';
import { MakerSquirrel } from '@electron-forge/maker-squirrel';
import { MakerZIP } from '@electron-forge/maker-zip';
import { FusesPlugin } from '@electron-forge/plugin-fuses';
import { VitePlugin } from '@electron-forge/plugin-vite';
import { FuseV1Options, FuseVersion } from '@electron/fuses';
import { cpSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Modules Vite must not bundle (native code, or files read at run time). Forge's Vite plugin keeps
 * only `.vite/` in the package (electron/forge#3738), so packageAfterCopy copies these and their
 * runtime dependencies into the package's node_modules.
 */
const RUNTIME_EXTERNALS = ['better-sqlite3', '@napi-rs/canvas', '@napi-rs/keyring', 'pdfjs-dist', 'ws'];

function runtimeDependencyClosure(roots: string[], projectDir: string): string[] {
  const seen = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name)) return;
    const manifest = path.join(projectDir, 'node_modules', name, 'package.json');
    if (!existsSync(manifest)) return; // optional dependency not installed for this platform
    seen.add(name);
    const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { dependencies?: Record<string, string>; optionalDependencies?: Record<string, string> };
    for (const dep of Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies })) visit(dep);
  };
  roots.forEach(visit);
  return [...seen];
}

const ffmpegBinary = path.join('node_modules', 'ffmpeg-static', process.platform === 'win32' ? 'ffmpeg.exe' : 'ffmpeg');

const config: ForgeConfig = {
  packagerConfig: {
    name: 'Capsule Studio',
    executableName: 'capsule-studio',
    asar: { unpack: '**/{*.node,node_modules/@napi-rs/**,node_modules/better-sqlite3/**}' },
    // ffmpeg-static's binary (when its download worked) ships beside the app, outside the asar.
    extraResource: existsSync(ffmpegBinary) ? [ffmpegBinary] : [],
    extendInfo: {
      NSCameraUsageDescription: 'Capsule Studio records you on camera for your video capsules.',
      NSMicrophoneUsageDescription: 'Capsule Studio records your voice for your video capsules.',
    },
  },
  rebuildConfig: { onlyModules: ['better-sqlite3'] },
  hooks: {
    packageAfterCopy: async (_config, buildPath) => {
      for (const name of runtimeDependencyClosure(RUNTIME_EXTERNALS, process.cwd())) {
        cpSync(path.join(process.cwd(), 'node_modules', name), path.join(buildPath, 'node_modules', name), { recursive: true, dereference: true });
      }
    },
  },
  makers: [
    new MakerSquirrel({ name: 'capsule_studio' }),
    new MakerZIP({}, ['darwin', 'linux', 'win32']),
    new MakerDMG({ format: 'ULFO' }),
    new MakerDeb({ options: { name: 'capsule-studio', productName: 'Capsule Studio', categories: ['AudioVideo', 'Education'], depends: ['ffmpeg'] } }),
    new MakerRpm({ options: { name: 'capsule-studio', productName: 'Capsule Studio', categories: ['AudioVideo', 'Education'], requires: ['ffmpeg'] } }),
  ],
  plugins: [
    new VitePlugin({
      build: [
        { entry: 'src/main/electron/main.ts', config: 'vite.main.config.ts', target: 'main' },
        { entry: 'src/main/pdf/pdfWorker.ts', config: 'vite.main.config.ts', target: 'main' },
        { entry: 'src/preload/preload.ts', config: 'vite.preload.config.ts', target: 'preload' },
      ],
      renderer: [{ name: 'main_window', config: 'vite.renderer.config.ts' }],
    }),
    new FusesPlugin({
      version: FuseVersion.V1,
      [FuseV1Options.RunAsNode]: false,
      [FuseV1Options.EnableCookieEncryption]: true,
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
      // Always off in what `package`/`make` produce: no environment variable at packaging time can ship a
      // build that accepts --inspect (anyone who can start it could then run code in the main process).
      // Playwright's _electron needs it on, so its tests run against the unpackaged dev build instead
      // (https://playwright.dev/docs/api/class-electron; electron/fuses README).
      [FuseV1Options.EnableNodeCliInspectArguments]: false,
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
      [FuseV1Options.OnlyLoadAppFromAsar]: true,
      [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
    }),
  ],
};

export default config;
