// `npm run demo` (until the reference backend lands): builds the package, then serves
// examples/ and dist/ on 127.0.0.1 and prints the URL of a page where the widget talks
// to the in-memory scripted bot and desk.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const port = Number(process.env.PORT ?? 5173);

if (!process.argv.includes('--no-build')) {
  console.log('Building handoff-chat…');
  execFileSync(process.execPath, [join(root, 'node_modules/rollup/dist/bin/rollup'), '-c', '--silent'], { cwd: root, stdio: 'inherit' });
}

const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.map': 'application/json' };
const csp = "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' https: data:";

const server = createServer((req, res) => {
  const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
  const target = path === '/' ? '/examples/basic/index.html' : path;
  const file = normalize(join(root, target));
  const allowed = [join(root, 'examples'), join(root, 'dist')].some((dir) => file.startsWith(dir + '/'));
  if (!allowed || !existsSync(file) || !statSync(file).isFile()) {
    res.writeHead(404, { 'content-type': 'text/plain' }).end('Not found');
    return;
  }
  res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream', 'content-security-policy': csp, 'cache-control': 'no-store' });
  res.end(readFileSync(file));
});

server.listen(port, '127.0.0.1', () => {
  const { port: actual } = server.address();
  console.log(`\nhandoff-chat demo: http://127.0.0.1:${actual}/\n(in-memory bot and desk; press Ctrl+C to stop)`);
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.close(() => process.exit(0)));
