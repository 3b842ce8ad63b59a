/** The citizen pages' look (WIDGET_THEME): the accessible neutral theme by default, or the State design
 * system (DSFR, `@gouvfr/dsfr`), which is reserved to State administrations: the operator installs it and
 * accepts its terms (docs/theme-dsfr.md), so it is never one of Relais's dependencies. Its files are served
 * by the hub itself from the installed package — never from a CDN — so the pages' CSP stays 'self'. */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Response, Server } from 'restify';
import { securityHeaders } from './static-files.js';

/** A theme: the style sheets every citizen page links around its own (chat.css, aide.css). */
export interface WidgetTheme {
  name: 'neutral' | 'dsfr';
  /** Linked before the page's own sheet: the design system's base, which the page's sheet then refines. */
  before: readonly string[];
  /** Linked after it: the adapter that dresses the page's own components in the design system. */
  after: readonly string[];
  /** The DSFR's `dist/` folder (dsfr only). */
  dist?: string;
}

/** The default: chat.css and aide.css alone. */
export const NEUTRAL_THEME: WidgetTheme = { name: 'neutral', before: [], after: [] };

/** Where the hub serves the DSFR's files, and the adapter (src/web/public/theme-dsfr.css). */
export const DSFR_MOUNT = '/dsfr';
const DSFR_SHEET = `${DSFR_MOUNT}/dsfr.min.css`;
const DSFR_ADAPTER = '/theme-dsfr.css';

/** How an operator gets the DSFR, in the one line a hub that cannot find it stops with. */
export const DSFR_INSTALL_HINT =
  'accept its terms and install it (docs/theme-dsfr.md: a .dsfr.yml then `npm install @gouvfr/dsfr@1.15.3` in a folder of its own), then set DSFR_DIR to node_modules/@gouvfr/dsfr there';

/** The theme WIDGET_THEME names. `dsfr` without the package (DSFR_DIR, else node_modules) throws one line
 * saying how to install it: a State operator who asked for it must not be served another look silently. */
export function loadWidgetTheme(options: { name: 'neutral' | 'dsfr'; dsfrDir?: string }): WidgetTheme {
  if (options.name === 'neutral') return NEUTRAL_THEME;
  const root = options.dsfrDir ?? installedDsfr();
  const dist = root ? join(root, 'dist') : undefined;
  if (!dist || !existsSync(join(dist, 'dsfr.min.css'))) {
    const where = options.dsfrDir ? ` (no dist/dsfr.min.css in DSFR_DIR=${options.dsfrDir})` : ' (no @gouvfr/dsfr in node_modules, DSFR_DIR unset)';
    throw new Error(`WIDGET_THEME=dsfr needs the State design system${where}: ${DSFR_INSTALL_HINT}`);
  }
  return { name: 'dsfr', before: [DSFR_SHEET], after: [DSFR_ADAPTER], dist };
}

/** The package in one of the node_modules folders Node would look in, if an operator installed it there. */
function installedDsfr(): string | undefined {
  const folders = createRequire(import.meta.url).resolve.paths('@gouvfr/dsfr') ?? [];
  return folders.map((folder) => join(folder, '@gouvfr', 'dsfr')).find((dir) => existsSync(join(dir, 'dist', 'dsfr.min.css')));
}

/** `<link>`s of the theme's sheets around `ownSheet` (a page's own style sheet link, kept as it is). */
export function themeLinks(theme: WidgetTheme, ownSheet: string): string {
  const link = (href: string) => `<link rel="stylesheet" href="${href}">`;
  return [...theme.before.map(link), ownSheet, ...theme.after.map(link)].join('\n  ');
}

const FONT_TYPES: Record<string, string> = { '.woff2': 'font/woff2', '.woff': 'font/woff' };
const SAFE_NAME = /^[a-zA-Z0-9_-]+\.[a-z0-9]+$/;

/** Mounts the DSFR's style sheet, fonts and icons (the files its style sheet names) under /dsfr, from
 * fixed folders of its dist/ and by a name pattern, so no path can leave them. Its scripts are not
 * served: the pages use none of its interactive components. */
export function serveTheme(server: Server, theme: WidgetTheme): void {
  const dist = theme.dist;
  if (theme.name !== 'dsfr' || !dist) return;
  const headers = { ...securityHeaders([]), 'Cache-Control': 'public, max-age=86400' };
  /** A route answering the file `locate` names from its parameters, or 404 when it names none. */
  const serve =
    (locate: (params: Record<string, string>) => { file: string; type: string } | undefined) =>
    async (req: { params?: Record<string, string> }, res: Response): Promise<void> => {
      const found = locate(req.params ?? {});
      try {
        if (!found) throw new Error('not served');
        const body = await readFile(found.file);
        res.writeHead(200, { 'Content-Type': found.type, ...headers });
        res.end(body);
      } catch {
        res.send(404, { error: { code: 'not_found', message: 'no such file' } });
      }
    };
  const typed = (name: string | undefined, types: Record<string, string>): string | undefined =>
    name && SAFE_NAME.test(name) ? types[name.slice(name.lastIndexOf('.'))] : undefined;
  server.get(
    DSFR_SHEET,
    serve(() => ({ file: join(dist, 'dsfr.min.css'), type: 'text/css; charset=utf-8' })),
  );
  server.get(
    `${DSFR_MOUNT}/fonts/:file`,
    serve(({ file }) => {
      const type = typed(file, FONT_TYPES);
      return type ? { file: join(dist, 'fonts', file!), type } : undefined;
    }),
  );
  server.get(
    `${DSFR_MOUNT}/icons/:group/:file`,
    serve(({ group, file }) => {
      const type = group && /^[a-z]+$/.test(group) ? typed(file, { '.svg': 'image/svg+xml' }) : undefined;
      return type ? { file: join(dist, 'icons', group!, file!), type } : undefined;
    }),
  );
}
