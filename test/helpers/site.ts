/** Another site on loopback (its own port, so its own origin) whose one page embeds the hub's chat
 * bubble the way docs/embedding.md says: `<script src="HUB/widget.js" async></script>`. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A running site: its origin (to list in WIDGET_ORIGINS, or not) and the way to stop it. */
export interface EmbeddingSite {
  origin: string;
  close(): Promise<void>;
}

/** Starts the site; `hubUrl` is read at each request (the hub may start after the site). */
export async function startEmbeddingSite(hubUrl: () => string): Promise<EmbeddingSite> {
  const server: Server = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    res.end(
      `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Mairie</title>` +
        `<script src="${hubUrl()}/widget.js" async></script></head>` +
        `<body><h1>Mairie de Nantua</h1><p>Bienvenue.</p></body></html>`,
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { origin: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
