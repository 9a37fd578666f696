/**
 * Puts the reference backend together on one HTTP server: the FAQ bot, the
 * handoff hub (WebSocket + HTTP fallback), the agent console and the demo shop.
 */
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { createBot } from './bot.mjs';
import { openDatabase } from './database.mjs';
import { createHub } from './hub.mjs';
import { createHubHttp } from './hub-http.mjs';
import { createHubSockets } from './hub-sockets.mjs';
import { createStaticFiles } from './static-files.mjs';

const here = (path) => fileURLToPath(new URL(path, import.meta.url));

/** Where the pieces live in the repository. */
export const PATHS = {
  publicDir: here('../public'),
  distDir: here('../../../dist'),
  examplesDir: here('../..'),
  consoleScript: here('../build/console.js'),
  dataFile: here('../data/handoff-chat-demo.sqlite'),
};

const stderrLog = (message, error) => {
  process.stderr.write(`${message}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
};

/**
 * Starts the demo backend on `host:port` (127.0.0.1 and a free port by default).
 * See start.mjs for the command-line entry, and the .d.mts next to this file for
 * every option.
 *
 * @example
 * const demo = await createDemoServer({ dataFile: 'demo.sqlite' })
 * process.stdout.write(`${demo.url}/ and ${demo.url}/console/\n`)
 * await demo.close()
 */
export async function createDemoServer(options = {}) {
  const {
    host = '127.0.0.1',
    port = 0,
    dataFile = ':memory:',
    now = Date.now,
    newId,
    tickMs = 1000,
    streamDelayMs,
    heartbeatMs,
    queueTimeoutMs,
    noAgentGraceMs,
    defaultWaitSeconds,
    helloTimeoutMs,
    pingMs,
    hoursMessage = 'We answer Monday to Friday, 8:00–20:00 CET. Outside these hours, leave a message and we reply by email.',
    allowedOrigins = [],
    publicDir = PATHS.publicDir,
    distDir = PATHS.distDir,
    examplesDir = PATHS.examplesDir,
    consoleScript = PATHS.consoleScript,
    log = stderrLog,
  } = options;

  const db = openDatabase(dataFile);
  const bot = createBot({ db, now, streamDelayMs, pingMs, log });
  const hub = createHub({ db, now, newId, heartbeatMs, queueTimeoutMs, noAgentGraceMs, defaultWaitSeconds, hoursMessage, log });
  const hubHttp = createHubHttp({ hub, pingMs, log });
  const files = createStaticFiles({ publicDir, distDir, consoleScript, examplesDir });

  let boundPort = 0;
  const loopbackHosts = () => new Set([`127.0.0.1:${boundPort}`, `localhost:${boundPort}`, `[::1]:${boundPort}`, `${host}:${boundPort}`]);
  // Refusing unknown Host headers keeps DNS-rebinding pages from reaching the local demo.
  const hostAllowed = (req) => loopbackHosts().has(String(req.headers.host ?? '').toLowerCase());
  // Browsers always send Origin on WebSocket upgrades; other sites must not open sockets to us.
  const originAllowed = (req) => {
    const origin = req.headers.origin;
    if (origin === undefined) return true;
    if (allowedOrigins.includes(origin)) return true;
    try {
      return new URL(origin).host.toLowerCase() === String(req.headers.host ?? '').toLowerCase();
    } catch {
      return false;
    }
  };
  const sockets = createHubSockets({ hub, originAllowed, helloTimeoutMs, log });

  const server = createServer(async (req, res) => {
    if (!hostAllowed(req)) {
      res.writeHead(403, { 'content-type': 'text/plain; charset=utf-8' }).end('Unknown host.\n');
      return;
    }
    const url = new URL(req.url ?? '/', 'http://localhost');
    try {
      if (await bot.route(req, res, url)) return;
      if (await hubHttp.route(req, res, url)) return;
      if (files.route(req, res, url)) return;
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('Not found.\n');
    } catch (error) {
      log(`${req.method} ${url.pathname} failed`, error);
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      res.end();
    }
  });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (hostAllowed(req) && sockets.upgrade(req, socket, head, url.pathname)) return;
    socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  boundPort = server.address().port;
  // A failure in the background is reported, never thrown from a timer.
  const tick = () => {
    try {
      hub.tick();
    } catch (error) {
      log('hub: applying queue limits failed', error);
    }
  };
  const ticker = tickMs > 0 ? setInterval(tick, tickMs) : undefined;
  ticker?.unref?.();

  let closing;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${boundPort}`,
    port: boundPort,
    hub,
    db,
    /** Stops everything: clients get 1001 and reconnect later; the database is closed. */
    close() {
      closing ??= (async () => {
        clearInterval(ticker);
        bot.close();
        hubHttp.close();
        const closed = new Promise((resolve) => server.close(() => resolve()));
        await sockets.close();
        server.closeAllConnections();
        await closed;
        db.close();
      })();
      return closing;
    },
  };
}
