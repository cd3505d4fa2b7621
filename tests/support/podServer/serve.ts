// Runs in Node (test tooling). Starts the fake Pod in a process of its own (benchmarks measure the
// client's memory apart from the server's): prints `{"url": …}` on stdout, stops when stdin closes.
// Usage: node --import tsx tests/support/podServer/serve.ts '{"storeFiles": false}'
import { startPodServer } from './server';
import type { PodKnobs } from './state';

const knobs = JSON.parse(process.argv[2] ?? '{}') as Partial<PodKnobs>;
const server = await startPodServer({ knobs });
process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
process.stdin.resume();
process.stdin.on('end', () => {
  void server.close().then(() => process.exit(0));
});
