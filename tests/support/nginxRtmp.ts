// Runs in Node (test tooling). A REAL nginx with libnginx-mod-rtmp on a loopback port, configured in a
// temporary folder (https://github.com/arut/nginx-rtmp-module): tests push to it, read the stream back, and stop/start it to see the
// push reconnect by itself.
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const NGINX_BINARY = process.env.NGINX_PATH ?? '/usr/sbin/nginx';
export const RTMP_MODULE = process.env.NGINX_RTMP_MODULE ?? '/usr/lib/nginx/modules/ngx_rtmp_module.so';

export interface NginxRtmpOptions {
  /** Keep one FLV per publish in `recordDir` (what the server received). */
  record?: boolean;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export class NginxRtmp {
  readonly dir: string;
  readonly recordDir: string;
  private child: ChildProcess | null = null;
  private exited: Promise<void> = Promise.resolve();

  private constructor(
    readonly port: number,
    private readonly options: NginxRtmpOptions,
  ) {
    this.dir = mkdtempSync(path.join(os.tmpdir(), 'capsule-nginx-rtmp-'));
    this.recordDir = path.join(this.dir, 'rec');
    mkdirSync(this.recordDir);
    mkdirSync(path.join(this.dir, 'logs'));
    // Started as root, nginx's worker runs as `nobody`: it must be able to write the recordings.
    chmodSync(this.dir, 0o755);
    chmodSync(this.recordDir, 0o777);
    writeFileSync(path.join(this.dir, 'nginx.conf'), this.config());
  }

  static async start(options: NginxRtmpOptions = {}): Promise<NginxRtmp> {
    if (!existsSync(NGINX_BINARY) || !existsSync(RTMP_MODULE)) {
      throw new Error(`nginx with the RTMP module is needed (apt install nginx libnginx-mod-rtmp): ${NGINX_BINARY}, ${RTMP_MODULE}`);
    }
    const server = new NginxRtmp(await freePort(), options);
    await server.startProcess();
    return server;
  }

  /** `rtmp://127.0.0.1:<port>/<app>/<name>` (the `live` application accepts any name). */
  url(name: string, app = 'live'): string {
    return `rtmp://127.0.0.1:${this.port}/${app}/${name}`;
  }

  get isRunning(): boolean {
    return this.child !== null;
  }

  private config(): string {
    const dir = this.dir;
    return `load_module ${RTMP_MODULE};
worker_processes 1;
daemon off;
master_process on;
pid ${dir}/nginx.pid;
error_log ${dir}/logs/error.log info;
events { worker_connections 128; }
rtmp {
  server {
    listen 127.0.0.1:${this.port};
    chunk_size 4096;
    application live {
      live on;
      ${this.options.record ? `record all;\n      record_path ${this.recordDir};\n      record_unique on;` : 'record off;'}
    }
  }
}
`;
  }

  private async startProcess(): Promise<void> {
    const child = spawn(NGINX_BINARY, ['-p', this.dir, '-c', path.join(this.dir, 'nginx.conf'), '-e', path.join(this.dir, 'logs', 'error.log')], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (text: string) => (stderr += text));
    this.child = child;
    this.exited = new Promise((resolve) => child.once('exit', () => resolve()));
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`nginx exited at start: ${stderr}${this.errorLog()}`);
      if (await canConnect(this.port)) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`nginx did not listen on ${this.port}: ${stderr}`);
  }

  /** Fast shutdown (SIGTERM): every connection is closed, as when a server goes away. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = null;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await this.exited;
    clearTimeout(timer);
    // The port must be free again before a restart; the worker may outlive the master by a moment.
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline && (await canConnect(this.port))) await new Promise((resolve) => setTimeout(resolve, 50));
  }

  /** Starts again on the same port, after a stop. */
  async restart(): Promise<void> {
    if (this.child) await this.stop();
    await this.startProcess();
  }

  /** Files the server recorded, one per publish (oldest first). */
  recordings(): string[] {
    return readdirSync(this.recordDir)
      .filter((name) => name.endsWith('.flv'))
      .sort()
      .map((name) => path.join(this.recordDir, name));
  }

  errorLog(): string {
    const file = path.join(this.dir, 'logs', 'error.log');
    return existsSync(file) ? readFileSync(file, 'utf8') : '';
  }

  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
