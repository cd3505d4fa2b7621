#!/usr/bin/env node
// Runs in Node (dev entry). `npm run dev:web`: the real services + the built renderer in a browser.
import { tsImport } from 'tsx/esm/api';

const { runDevWeb } = await tsImport('../src/main/bridge/devWeb.ts', import.meta.url);
await runDevWeb(process.argv.slice(2));
