/** A local fake of the LibreTranslate API on loopback, speaking its documented wire format:
 * POST /translate {q, source, target, format} → {translatedText}; POST /detect {q} →
 * [{language, confidence}]; GET /languages → [{code, name, targets}]. Texts it knows (`texts`) it
 * translates for real; anything else becomes "⟨target⟩ text", so every token comes back verbatim.
 * It detects Turkish by its letters and a few words, anything else as French. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The fake server: `mode` ok (answers), slow (holds every answer until `release`), mangle (drops a protected token). */
export interface FakeLibreTranslate {
  url: string;
  mode: 'ok' | 'slow' | 'mangle';
  calls: { translate: number; detect: number; languages: number };
  translated: { q: string; source: string; target: string; format: string }[];
  held: (() => void)[];
  /** Resolves when the first answer is held (slow mode). */
  heldSignal: Promise<void>;
  release(): void;
  close(): Promise<void>;
}

/** The languages the fake lists: the seven and three others. */
const CODES = ['fr', 'en', 'es', 'de', 'it', 'pt', 'ar', 'tr', 'uk', 'pl'];

/** Answers with JSON (true, so handlers can `return json(...)`). */
function json(res: ServerResponse, status: number, body: unknown): true {
  if (res.destroyed) return true; // the hub gave up waiting
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
  return true;
}

/** Starts the fake; `texts` maps a text to its real translation (whatever the direction). */
export async function startFakeLibreTranslate(texts: Record<string, string> = {}): Promise<FakeLibreTranslate> {
  let signal: () => void = () => {};
  const fake = {
    mode: 'ok',
    calls: { translate: 0, detect: 0, languages: 0 },
    translated: [],
    held: [],
    heldSignal: new Promise<void>((r) => (signal = r)),
    release() {
      for (const answer of fake.held.splice(0)) answer();
    },
  } as unknown as FakeLibreTranslate;
  const answer = (req: IncomingMessage, res: ServerResponse, body: any): true => {
    if (req.method === 'GET' && req.url === '/languages') {
      fake.calls.languages++;
      return json(
        res,
        200,
        CODES.map((code) => ({ code, name: code.toUpperCase(), targets: CODES })),
      );
    }
    if (req.method === 'POST' && req.url === '/detect') {
      fake.calls.detect++;
      const turkish = /[çğıöşü]/i.test(body.q) || /istiyorum|lütfen/.test(body.q);
      return json(res, 200, [{ language: turkish ? 'tr' : 'fr', confidence: 92.0 }]);
    }
    if (req.method === 'POST' && req.url === '/translate') {
      fake.calls.translate++;
      fake.translated.push(body);
      if (typeof body.q !== 'string' || !body.source || !body.target || body.format !== 'text') return json(res, 400, { error: 'bad request' });
      let text = texts[body.q] ?? `⟨${body.target}⟩ ${body.q}`;
      if (fake.mode === 'mangle') text = text.replace('[[0]]', '71');
      return json(res, 200, { translatedText: text });
    }
    return json(res, 404, { error: 'not found' });
  };
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (d) => (raw += d));
    req.on('end', () => {
      const body = raw ? JSON.parse(raw) : {};
      if (fake.mode !== 'slow') {
        answer(req, res, body);
        return;
      }
      // "Answers after 10 s": held until the test releases it, long after the hub gave up.
      fake.held.push(() => answer(req, res, body));
      signal();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.close = () =>
    new Promise((resolve) => {
      fake.release();
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return fake;
}
