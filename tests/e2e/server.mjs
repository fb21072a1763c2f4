// A tiny static file server for the built app (dist/), used by the end-to-end tests.
//
// It lives outside dist/ because Trunk replaces that folder on every build. It serves only
// files under the given root, with the MIME types browsers insist on (`.wasm` must be
// `application/wasm` for streaming compilation, `.js` a JavaScript type for modules), and
// binds to 127.0.0.1 on a free port unless told otherwise.
//
// Use from a test:   const server = await startServer({ root: 'dist' }); ... await server.close();
// Or by hand:        node tests/e2e/server.mjs [root=dist] [port=8080]

import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Content types by file extension; anything else is served as bytes. */
export const MIME_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.csv': 'text/csv; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

/** The file under `root` that a request path names, or null if it would escape `root`. */
export function resolveUnder(root, urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath.split('?')[0]);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const relative = normalize(decoded).replace(/^([/\\])+/, '');
  const full = resolve(root, relative);
  const base = resolve(root);
  if (full !== base && !full.startsWith(base + sep)) return null;
  return full;
}

/**
 * Starts serving `root`. Resolves to `{ url, port, close() }` once listening.
 * @param {{ root?: string, host?: string, port?: number }} options
 */
export async function startServer({ root = 'dist', host = '127.0.0.1', port = 0 } = {}) {
  const server = createServer(async (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD' }).end();
      return;
    }
    let path = resolveUnder(root, req.url ?? '/');
    if (path === null) {
      res.writeHead(403).end();
      return;
    }
    try {
      if ((await stat(path)).isDirectory()) path = join(path, 'index.html');
      const body = await readFile(path);
      res.writeHead(200, {
        'Content-Type': MIME_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream',
        'Content-Length': body.length,
        'Cache-Control': 'no-store',
        'X-Content-Type-Options': 'nosniff',
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found');
    }
  });
  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, ok);
  });
  const actualPort = server.address().port;
  return {
    url: `http://${host}:${actualPort}/`,
    port: actualPort,
    close: () =>
      new Promise((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [root = 'dist', port = '8080'] = process.argv.slice(2);
  const server = await startServer({ root, port: Number(port) });
  console.log(`serving ${resolve(root)} at ${server.url}`);
}
