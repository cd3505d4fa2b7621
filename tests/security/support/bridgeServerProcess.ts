// Runs in Node (tests, as a child process). The loopback server of `dev:web` in a process of its own,
// so that the security tests can tell "the server refused" from "the server died".
// Usage: node --import tsx bridgeServerProcess.ts <libraryDir> <staticDir>
// Prints one JSON line {origin, token, pid} when it listens; stops on SIGTERM.
import { startWebStudio } from '../../../src/main/bridge/webServer';
import { createLogger } from '../../../src/main/log';

const [libraryDir, staticDir] = process.argv.slice(2);
if (!libraryDir || !staticDir) throw new Error('usage: bridgeServerProcess.ts <libraryDir> <staticDir>');

// Warnings go to stderr (the test keeps the tail for its failure message); info is noise here.
const web = await startWebStudio({ libraryDir, staticDir, studioOptions: { log: createLogger((line) => process.stderr.write(`${line}\n`), true) } });
process.stdout.write(`${JSON.stringify({ origin: web.origin, token: web.token, pid: process.pid })}\n`);
process.on('SIGTERM', () => {
  void web.close().then(() => process.exit(0));
});
