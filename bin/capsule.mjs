#!/usr/bin/env node
// Runs in Node (CLI entry). Loads the TypeScript sources through tsx so the CLI needs no build step.
import { tsImport } from 'tsx/esm/api';

const { main } = await tsImport('../src/main/cli/main.ts', import.meta.url);
process.exitCode = await main(process.argv.slice(2));
