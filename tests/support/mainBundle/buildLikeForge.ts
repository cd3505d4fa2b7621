// Runs in Node (test tooling, a child process of its own). Builds the desktop app exactly as
// `electron-forge package` does — the Vite plugin's own config generator applied to forge.config.ts's
// build entries and renderers — but into another folder, with the node_modules that forge.config.ts's
// packageAfterCopy puts in the package, so that a test can boot what Forge would ship.
// Usage: node --import tsx tests/support/mainBundle/buildLikeForge.ts <outRoot>
import path from 'node:path';
import { build, type InlineConfig } from 'vite';
import forgeViteConfigModule from '@electron-forge/plugin-vite/dist/ViteConfig';
import type { VitePluginConfig } from '@electron-forge/plugin-vite/dist/Config';
import forgeConfig from '../../../forge.config';

// A CommonJS module with `exports.default`: Node's ESM interop hands over `module.exports` itself.
const ViteConfigGenerator = (forgeViteConfigModule as unknown as { default?: typeof forgeViteConfigModule }).default ?? forgeViteConfigModule;

const projectDir = path.resolve(import.meta.dirname, '../../..');

/** forge.config.ts's Vite plugin settings: the same object Forge hands its config generator. */
function vitePluginConfig(): VitePluginConfig {
  const plugin = (forgeConfig.plugins ?? []).find((candidate) => (candidate as { name?: string }).name === 'vite') as { config?: VitePluginConfig } | undefined;
  if (!plugin?.config) throw new Error('forge.config.ts has no Vite plugin');
  return plugin.config;
}

/** Forge writes to `<project>/.vite/…`; the same relative layout goes under `outRoot` instead. */
function relocated(config: InlineConfig, outRoot: string): InlineConfig {
  const outDir = config.build?.outDir;
  if (typeof outDir !== 'string' || path.isAbsolute(outDir)) throw new Error(`unexpected Forge outDir: ${String(outDir)}`);
  return { ...config, build: { ...config.build, outDir: path.join(outRoot, outDir) } };
}

export async function buildLikeForge(outRoot: string): Promise<void> {
  // isProd = true: the `package`/`make` build (minified, no dev server URL), as shipped.
  const generator = new ViteConfigGenerator(vitePluginConfig(), projectDir, true);
  // As VitePlugin.build and buildRenderer call vite.build (one after the other here: a small shared machine).
  for (const config of await generator.getBuildConfigs()) {
    await build({ configFile: false, logLevel: 'warn', ...relocated(config, outRoot), clearScreen: false });
  }
  for (const config of await generator.getRendererConfig()) {
    await build({ configFile: false, logLevel: 'error', ...relocated(config, outRoot) });
  }
  // What the package holds beside .vite/: forge.config.ts's own hook copies the run-time externals.
  const copyRuntimeModules = forgeConfig.hooks?.packageAfterCopy;
  if (!copyRuntimeModules) throw new Error('forge.config.ts has no packageAfterCopy hook');
  await copyRuntimeModules(forgeConfig as never, outRoot, 'boot-test', process.platform, process.arch);
}

const outRoot = process.argv[2];
if (!outRoot) {
  console.error('usage: buildLikeForge.ts <outRoot>');
  process.exit(2);
}
await buildLikeForge(path.resolve(outRoot));
