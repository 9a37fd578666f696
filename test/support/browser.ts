/**
 * Real Chromium for browser tests: Debian's /usr/bin/chromium driven by
 * playwright-core, with a fresh profile per launch, plus a tiny static server on
 * 127.0.0.1 that can send any headers (e.g. a strict Content-Security-Policy).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Starts Chromium with a fresh user-data-dir. Pages of the returned context share
 * storage like tabs of one browser; `close()` also removes the profile.
 */
export async function launchBrowser(): Promise<{ context: BrowserContext; newPage(): Promise<Page>; close(): Promise<void> }> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}. Install it with: apt-get install -y chromium`);
  }
  const profile = mkdtempSync(join(tmpdir(), 'hc-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ARGS,
  });
  return {
    context,
    newPage: () => context.newPage(),
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

export type Route = (req: IncomingMessage, res: ServerResponse) => boolean | Promise<boolean>;

/**
 * A route that serves the HTML pages of `pages` (path → document, read at each request, so
 * a test may add pages as it goes) as `text/html; charset=utf-8`, with `headers()` added
 * (a Content-Security-Policy, say). Other paths fall through to the next route.
 */
export function htmlPages(pages: Readonly<Record<string, string>>, headers: () => Record<string, string> = () => ({})): Route {
  return (req, res) => {
    const html = pages[new URL(req.url ?? '/', 'http://x').pathname];
    if (html === undefined) return false;
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...headers() }).end(html);
    return true;
  };
}

/**
 * Serves files under `root` (the repository by default) on 127.0.0.1 with the given
 * extra headers; `routes` may answer first (return true when they handled it).
 */
export async function serveStatic(options: {
  root?: string;
  headers?: Record<string, string> | ((path: string) => Record<string, string>);
  routes?: Route[];
} = {}): Promise<{ url: string; server: Server; close(): Promise<void> }> {
  const root = resolve(options.root ?? process.cwd());
  const server = createServer(async (req, res) => {
    try {
      for (const route of options.routes ?? []) if (await route(req, res)) return;
      const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
      const file = normalize(join(root, path));
      if (!file.startsWith(root) || !existsSync(file) || !statSync(file).isFile()) {
        res.writeHead(404).end('not found');
        return;
      }
      const extra = typeof options.headers === 'function' ? options.headers(path) : options.headers ?? {};
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store', ...extra });
      res.end(readFileSync(file));
    } catch (error) {
      res.writeHead(500).end(String(error));
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    server,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
