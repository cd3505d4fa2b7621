// Runs in Node (test tooling, a child process of its own, no tsx: plain Node like the shipped main
// process). Boots a Forge-built main bundle (`<app>/.vite/build/main.cjs`) with a stand-in for the
// `electron` module, drives it as a user would (first window, app:// page and asset, a PDF import through
// the IPC binding, its first slide through media://), closes the window and reports every step as JSON lines on stdout for the test to judge.
// Usage: node bootMainBundle.cjs <appPath> <userDataDir> <pdfFile>
'use strict';
const Module = require('node:module');
const fs = require('node:fs');
const path = require('node:path');
const { EventEmitter } = require('node:events');
const { fileURLToPath } = require('node:url');

const [appPath, userDataDir, pdfFile] = process.argv.slice(2);
if (!appPath || !userDataDir || !pdfFile) {
  process.stderr.write('usage: bootMainBundle.cjs <appPath> <userDataDir> <pdfFile>\n');
  process.exit(2);
}

/** One line of JSON per event: the test reads them in order. */
function report(step, details = {}) {
  process.stdout.write(`${JSON.stringify({ step, ...details })}\n`);
}

function fail(message) {
  report('failed', { message });
  process.exit(3);
}

// ---- The stand-in: only what the desktop shell calls; anything else is named and fails loudly. ----

/** A missing member of the stand-in is reported (the shell called something this file does not serve). */
function strict(name, target) {
  return new Proxy(target, {
    get(object, key) {
      if (key in object || typeof key === 'symbol' || key === 'then' || key === 'toJSON') return object[key];
      fail(`the main bundle used electron.${name}.${String(key)}, which the stand-in does not serve`);
      return undefined;
    },
  });
}

const appEvents = new EventEmitter();
let ready;
const readyPromise = new Promise((resolve) => (ready = resolve));
let quitting = false;

const app = strict('app', {
  isPackaged: true,
  whenReady: () => readyPromise,
  on: (name, listener) => (appEvents.on(name, listener), app),
  once: (name, listener) => (appEvents.once(name, listener), app),
  getPath: (name) => {
    report('app.getPath', { name });
    return userDataDir;
  },
  getAppPath: () => appPath,
  getName: () => 'Capsule Studio',
  getVersion: () => '0.0.0-boot-test',
  requestSingleInstanceLock: () => true,
  quit: () => {
    // As Electron: will-quit may be prevented (the shell does, to close the studio first, then calls exit).
    if (quitting) return;
    quitting = true;
    let prevented = false;
    appEvents.emit('will-quit', { preventDefault: () => (prevented = true) });
    if (!prevented) exitLikeElectron(0);
  },
  exit: (code) => exitLikeElectron(code),
});

/** Processes this one started and left running: they would outlive the app. */
function childProcesses() {
  const children = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const status = fs.readFileSync(`/proc/${entry}/status`, 'utf8');
      const parent = /^PPid:\s+(\d+)/m.exec(status);
      if (parent && Number(parent[1]) === process.pid) children.push({ pid: Number(entry), name: /^Name:\s+(.*)$/m.exec(status)?.[1] ?? '?' });
    } catch {
      // The process ended while being listed: not a child any more.
    }
  }
  return children;
}

function exitLikeElectron(code) {
  report('exit', { code, children: childProcesses() });
  process.exit(code);
}

const protocolHandlers = new Map();
const privilegedSchemes = [];
const ipcHandlers = new Map();
const windows = [];
const sentEvents = [];
let firstWindowLoaded;
const firstWindowPromise = new Promise((resolve) => (firstWindowLoaded = resolve));

function fakeWebContents(window) {
  const events = new EventEmitter();
  const contents = strict('webContents', {
    get mainFrame() {
      return { url: window.url ?? '', parent: null };
    },
    on: (name, listener) => (events.on(name, listener), contents),
    once: (name, listener) => (events.once(name, listener), contents),
    setWindowOpenHandler: (handler) => (window.openHandler = handler),
    isDestroyed: () => window.destroyed,
    send: (channel, ...args) => sentEvents.push({ channel, name: args[0], payload: structuredClone(args[1]) }),
  });
  return contents;
}

class BrowserWindow extends EventEmitter {
  constructor(options) {
    super();
    this.options = options;
    this.url = null;
    this.destroyed = false;
    this.webContents = fakeWebContents(this);
    windows.push(this);
    report('window.created', { preload: options.webPreferences?.preload ?? null, sandbox: options.webPreferences?.sandbox, contextIsolation: options.webPreferences?.contextIsolation, nodeIntegration: options.webPreferences?.nodeIntegration });
  }
  loadURL(url) {
    this.url = url;
    report('window.loadURL', { url });
    firstWindowLoaded(this);
    return Promise.resolve();
  }
  show() {}
  getBounds() {
    return { x: 0, y: 0, width: 1360, height: 860 };
  }
  close() {
    this.destroyed = true;
    this.emit('closed');
    if (windows.every((window) => window.destroyed)) appEvents.emit('window-all-closed');
  }
  static getAllWindows() {
    return windows.filter((window) => !window.destroyed);
  }
  static getFocusedWindow() {
    return BrowserWindow.getAllWindows()[0] ?? null;
  }
  static fromWebContents(contents) {
    return windows.find((window) => window.webContents === contents) ?? null;
  }
}

const display = { id: 1, bounds: { x: 0, y: 0, width: 1920, height: 1080 }, workArea: { x: 0, y: 0, width: 1920, height: 1040 } };

const electron = {
  app,
  BrowserWindow,
  protocol: strict('protocol', {
    registerSchemesAsPrivileged: (schemes) => privilegedSchemes.push(...schemes.map((scheme) => scheme.scheme)),
  }),
  session: strict('session', {
    defaultSession: strict('session.defaultSession', {
      setPermissionRequestHandler: () => {},
      setPermissionCheckHandler: () => {},
      // Screen grains: getDisplayMedia is answered by the studio's own picker (displayMediaPicker.ts).
      setDisplayMediaRequestHandler: (handler) => report('session.displayMediaHandler', { installed: typeof handler === 'function' }),
      protocol: strict('session.protocol', { handle: (scheme, handler) => protocolHandlers.set(scheme, handler) }),
    }),
  }),
  net: strict('net', {
    // Electron's net.fetch reads file: URLs itself; Node's fetch cannot, so this does what it does.
    fetch: async (url) => {
      if (!url.startsWith('file:')) throw new Error(`the stand-in's net.fetch serves file: URLs only, not ${url}`);
      try {
        return new Response(fs.readFileSync(fileURLToPath(url)), { status: 200 });
      } catch {
        throw new Error(`net::ERR_FILE_NOT_FOUND ${url}`);
      }
    },
  }),
  ipcMain: strict('ipcMain', {
    handle: (channel, handler) => ipcHandlers.set(channel, handler),
    removeHandler: (channel) => ipcHandlers.delete(channel),
  }),
  webContents: strict('webContents', { getAllWebContents: () => windows.map((window) => window.webContents) }),
  // Not strict: safeStorageCipher.ts feature-detects the asynchronous API; this one has only the synchronous.
  safeStorage: Object.freeze({
    isEncryptionAvailable: () => true,
    getSelectedStorageBackend: () => 'gnome_libsecret',
    encryptString: (plain) => Buffer.from(`sealed:${plain}`, 'utf8'),
    decryptString: (sealed) => sealed.toString('utf8').replace(/^sealed:/, ''),
  }),
  dialog: strict('dialog', {
    showOpenDialog: async (...args) => {
      report('dialog.showOpenDialog', { filters: (args.at(-1) ?? {}).filters ?? null });
      return { canceled: false, filePaths: [pdfFile] };
    },
    showSaveDialog: async () => ({ canceled: true, filePath: '' }),
    showErrorBox: (title, content) => report('dialog.showErrorBox', { title, content }),
  }),
  shell: strict('shell', { openExternal: async () => {}, showItemInFolder: () => {} }),
  // Only used when the renderer asks for a screen, which the boot does not.
  desktopCapturer: strict('desktopCapturer', {}),
  screen: strict('screen', { getPrimaryDisplay: () => display, getAllDisplays: () => [display], getDisplayMatching: () => display }),
  powerSaveBlocker: strict('powerSaveBlocker', { start: () => 1, stop: () => {}, isStarted: () => false }),
};

const stubId = path.join(__dirname, '__electron_stand_in__.cjs');
const stubModule = new Module(stubId);
stubModule.filename = stubId;
stubModule.loaded = true;
stubModule.exports = strict('electron', electron);
require.cache[stubId] = stubModule;
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function resolveElectron(request, ...rest) {
  if (request === 'electron' || request === 'electron/main') return stubId;
  return resolveFilename.call(this, request, ...rest);
};

// Electron's main process has these; plain Node does not.
process.resourcesPath = path.join(appPath, 'resources');
process.type = 'browser';

// ---- The run ----

const mainBundle = path.join(appPath, '.vite', 'build', 'main.cjs');
const trustedEvent = () => ({ senderFrame: { url: 'app://studio/index.html', parent: null } });

async function invoke(method, ...args) {
  const handler = ipcHandlers.get(`studio:${method}`);
  if (!handler) fail(`no IPC handler for studio:${method}`);
  // Electron structured-clones both ways.
  return structuredClone(await handler(trustedEvent(), ...structuredClone(args)));
}

async function run() {
  report('loading', { mainBundle });
  require(mainBundle);
  report('loaded', { privilegedSchemes });
  ready();

  const window = await firstWindowPromise;
  // The window's preload is the built one, next to main.cjs.
  report('preload', { path: window.options.webPreferences.preload, exists: fs.existsSync(window.options.webPreferences.preload) });

  // The page and one of its scripts through the app:// handler the bundle registered.
  const appHandler = protocolHandlers.get('app');
  if (!appHandler) fail('no app:// handler after the first window');
  const page = await appHandler(new Request(window.url));
  const html = await page.text();
  report('app.index', { status: page.status, contentType: page.headers.get('content-type'), csp: page.headers.get('content-security-policy'), html });
  const script = /<script[^>]+src="([^"]+)"/.exec(html)?.[1];
  if (!script) fail('index.html names no script');
  const asset = await appHandler(new Request(new URL(script, window.url).toString()));
  const body = await asset.text();
  report('app.script', { url: new URL(script, window.url).toString(), status: asset.status, contentType: asset.headers.get('content-type'), bytes: body.length });
  const escape = await appHandler(new Request('app://studio/..%2f..%2fpackage.json'));
  report('app.escape', { status: escape.status });

  // A PDF import as the renderer does it: a native dialog gives a grant, the import takes the grant.
  const chosen = await invoke('chooseFile', 'read-pdf');
  report('chooseFile', chosen);
  if (!chosen.ok) fail('chooseFile failed');
  const imported = await invoke('createCapsuleFromPdf', { source: { grant: chosen.value.grant }, jobId: 'boot-import' });
  report('createCapsuleFromPdf', {
    ok: imported.ok,
    error: imported.ok ? null : imported.error,
    slides: imported.ok ? imported.value.grains.reduce((sum, grain) => sum + grain.slides.length, 0) : 0,
    title: imported.ok ? imported.value.title : null,
  });
  // The first slide's image through media://, as the renderer's <img> asks for it (whole, then a range).
  const firstImage = imported.ok ? imported.value.grains[0]?.slides[0]?.image : undefined;
  const mediaHandler = protocolHandlers.get('media');
  if (firstImage && mediaHandler) {
    const whole = await mediaHandler(new Request(`media://library/${firstImage}`));
    const bytes = new Uint8Array(await whole.arrayBuffer());
    const ranged = await mediaHandler(new Request(`media://library/${firstImage}`, { headers: { range: 'bytes=0-7' } }));
    report('media.image', {
      status: whole.status,
      contentType: whole.headers.get('content-type'),
      pngSignature: Buffer.from(bytes.subarray(0, 8)).toString('hex'),
      rangeStatus: ranged.status,
      rangeBytes: (await ranged.arrayBuffer()).byteLength,
    });
  }
  const listed = await invoke('listCapsules');
  // The first start also seeds the demo capsule in the background: it may or may not be listed yet.
  report('listCapsules', { ok: listed.ok, titles: listed.ok ? listed.value.map((capsule) => capsule.title) : [] });
  report('events', { names: [...new Set(sentEvents.map((event) => event.name))] });

  // The user closes the window: the shell quits, closing the studio first.
  report('closing');
  window.close();
}

run().catch((error) => fail(`${error?.stack ?? error}`));
