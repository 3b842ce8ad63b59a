/** Real headless Chromium for browser tests: Debian's /usr/bin/chromium driven by playwright-core. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** Where Chromium lives; `CHROMIUM_PATH` overrides it for machines that put it elsewhere. */
const EXECUTABLE_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

// Flags that keep a test browser quiet, offline-safe and runnable as root in a container.
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A launched browser context and the way to dispose of it (browser closed, profile removed). */
export interface LaunchedBrowser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Options for `launchBrowser`; the defaults describe a citizen browsing from France. */
export interface LaunchOptions {
  /** Sets `navigator.language` and Accept-Language (default `fr-FR`). */
  locale?: string;
  /** Default `Europe/Paris`, so rendered times do not depend on the machine. */
  timezoneId?: string;
}

/** Launches headless Chromium with a fresh throwaway profile; call `close()` in an `after` hook. */
export async function launchBrowser(options: LaunchOptions = {}): Promise<LaunchedBrowser> {
  const profileDir = await mkdtemp(join(tmpdir(), 'relais-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: EXECUTABLE_PATH,
      headless: true,
      args: CHROMIUM_ARGS,
      locale: options.locale ?? 'fr-FR',
      timezoneId: options.timezoneId ?? 'Europe/Paris',
    });
  } catch (err) {
    await rm(profileDir, { recursive: true, force: true });
    throw err;
  }
  let closed = false;
  return {
    context,
    async close() {
      if (closed) return;
      closed = true;
      try {
        await context.close();
      } finally {
        await rm(profileDir, { recursive: true, force: true, maxRetries: 3, retryDelay: 100 });
      }
    },
  };
}

/** A launched browser for several people at once: each `newContext()` is a separate profile
 * (its own cookies, storage and downloads), as two officers on two machines would be. */
export interface IsolatedBrowser {
  browser: Browser;
  newContext(): Promise<BrowserContext>;
  close(): Promise<void>;
}

/** Launches headless Chromium without a persistent profile; contexts are made on demand. */
export async function launchIsolatedBrowser(options: LaunchOptions = {}): Promise<IsolatedBrowser> {
  const browser = await chromium.launch({ executablePath: EXECUTABLE_PATH, headless: true, args: CHROMIUM_ARGS });
  return {
    browser,
    newContext: () => browser.newContext({ locale: options.locale ?? 'fr-FR', timezoneId: options.timezoneId ?? 'Europe/Paris', acceptDownloads: true }),
    close: () => browser.close(),
  };
}

/**
 * Collects what goes wrong in a page into `into`: its script errors, and either every console error
 * (`console: 'errors'`) or only the CSP refusals (`'csp'`, the default: pages that log on purpose).
 * `label` prefixes each line (several people's pages in one list).
 */
export function recordPageProblems(page: Page, into: string[], options: { console?: 'errors' | 'csp'; label?: string } = {}): Page {
  const note = (text: string) => into.push(options.label ? `${options.label}: ${text}` : text);
  page.on('pageerror', (e) => note(e.message));
  page.on('console', (m) => {
    if (options.console === 'errors' ? m.type() === 'error' : /Content Security Policy/i.test(m.text())) note(m.text());
  });
  return page;
}
