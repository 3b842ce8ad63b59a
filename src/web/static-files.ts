/** Serves the widget and console pages from fixed folders: a name map, so no path can escape them. */
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { Server } from 'restify';

const here = dirname(fileURLToPath(import.meta.url));
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.mp3': 'audio/mpeg',
  '.wav': 'audio/wav',
};

/** The headers of every file; `frameAncestors`: the other origins whose pages may frame it. */
export function securityHeaders(frameAncestors: readonly string[]): Record<string, string> {
  return {
    'Content-Security-Policy': `default-src 'self'; img-src 'self' data:; connect-src 'self' ws: wss:; style-src 'self'; script-src 'self'; frame-ancestors ${["'self'", ...frameAncestors].join(' ')}`,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
  };
}

/** Mounts `folder` (relative to src/) at `mount`; `index.html` answers the mount itself. `frameAncestors`:
 * origins besides this hub whose pages may frame these pages (WIDGET_ORIGINS for the chat; none by default);
 * `html`: rewrites each HTML page as it is served (the theme's style sheets, web/theme.ts). */
export function serveFolder(
  server: Server,
  mount: string,
  folder: string,
  options: { frameAncestors?: readonly string[]; html?: (page: string) => string } = {},
): void {
  const root = join(here, '..', folder);
  const headers = securityHeaders(options.frameAncestors ?? []);
  const handler = async (req: { params?: Record<string, string> }, res: import('restify').Response): Promise<void> => {
    const name = req.params?.file || 'index.html';
    if (!/^[a-zA-Z0-9_-]+\.[a-z0-9]+$/.test(name)) return void res.send(404, { error: { code: 'not_found', message: 'no such file' } });
    const ext = name.slice(name.lastIndexOf('.'));
    try {
      const file = await readFile(join(root, name));
      const body = ext === '.html' && options.html ? Buffer.from(options.html(file.toString('utf8'))) : file;
      res.writeHead(200, { 'Content-Type': TYPES[ext] ?? 'application/octet-stream', 'Cache-Control': 'no-cache', ...headers });
      res.end(body);
    } catch {
      res.send(404, { error: { code: 'not_found', message: 'no such file' } });
    }
  };
  const base = mount === '/' ? '' : mount;
  server.get(base || '/', handler);
  if (base) server.get(`${base}/`, handler);
  server.get(`${base}/:file`, handler);
}

/** i18next's browser build (ES module), served by the hub itself for the console: never from a CDN (strict CSP). */
export function serveI18next(server: Server, path: string): void {
  const file = join(dirname(createRequire(import.meta.url).resolve('i18next')), '..', 'esm', 'i18next.js');
  server.get(path, async (_req: unknown, res: import('restify').Response) => {
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'Content-Type': TYPES['.js']!, 'Cache-Control': 'public, max-age=86400', ...securityHeaders([]) });
      res.end(body);
    } catch {
      res.send(404, { error: { code: 'not_found', message: 'no such file' } });
    }
  });
}
