/**
 * Static files of the demo: the shop page and the agent console from public/,
 * the built console script, and the repository's dist/ folder (the widget). Every
 * page is served under the strict Content-Security-Policy the widget must live with.
 */
import { createReadStream, statSync } from 'node:fs';
import { extname, join, normalize, sep } from 'node:path';

/** The policy of issue 6: no inline script or style anywhere, connections to the page's own origin only. */
export const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'";

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

const SECURITY_HEADERS = {
  'content-security-policy': CSP,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  // Demo files change while people work on the widget; always revalidate.
  'cache-control': 'no-cache',
};

function isFile(file) {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

/** The file under `root` that `relative` names, or undefined when it escapes `root` or is not a file. */
function fileUnder(root, relative) {
  const file = normalize(join(root, relative));
  if (!file.startsWith(root.endsWith(sep) ? root : root + sep)) return undefined;
  return isFile(file) ? file : undefined;
}

function sendFile(req, res, file) {
  const type = TYPES[extname(file)];
  if (!type) return false;
  res.writeHead(200, { 'content-type': type, 'content-length': statSync(file).size, ...SECURITY_HEADERS });
  if (req.method === 'HEAD') res.end();
  else createReadStream(file).pipe(res);
  return true;
}

/**
 * Creates the static routes.
 *
 * @param {{ publicDir: string, distDir: string, consoleScript: string, examplesDir?: string }} dirs
 *   `consoleScript` is the built console bundle served at /console/console.js.
 *
 * @example
 * const files = createStaticFiles({ publicDir, distDir, consoleScript })
 * if (files.route(req, res, url)) return
 */
export function createStaticFiles({ publicDir, distDir, consoleScript, examplesDir }) {
  return {
    route(req, res, url) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return false;
      let path;
      try {
        path = decodeURIComponent(url.pathname);
      } catch {
        return false;
      }
      if (path === '/console') {
        res.writeHead(301, { location: '/console/' }).end();
        return true;
      }
      if (path === '/console/console.js') {
        if (isFile(consoleScript)) return sendFile(req, res, consoleScript);
        res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('The agent console is not built yet. Start the demo with `node examples/server/start.mjs`, which builds it.\n');
        return true;
      }
      let file;
      if (path === '/' || path === '/index.html') file = fileUnder(publicDir, 'index.html');
      else if (path === '/console/') file = fileUnder(publicDir, 'console.html');
      else if (path.startsWith('/dist/')) file = fileUnder(distDir, path.slice('/dist/'.length));
      else if (examplesDir && path.startsWith('/examples/') && !path.startsWith('/examples/server/')) {
        // The other example pages (theming, no-backend) ride along; `/examples/x/` serves its index.html.
        const rest = path.slice('/examples/'.length);
        file = fileUnder(examplesDir, rest.endsWith('/') || rest === '' ? `${rest}index.html` : rest);
      }
      else if (path.startsWith('/console/')) file = fileUnder(publicDir, path.slice('/console/'.length));
      else file = fileUnder(publicDir, path.slice(1));
      if (!file) return false;
      return sendFile(req, res, file);
    },
  };
}
