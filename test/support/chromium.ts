import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';

/** Where a Chromium was found, and by which rule. */
export interface FoundChromium {
  path: string;
  foundVia: 'CHROMIUM_PATH' | 'system' | 'PATH';
}

/** Fixed places Debian and Ubuntu install Chromium. */
const SYSTEM_PATHS: readonly string[] = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];
/** Names looked up on PATH when none of the fixed places has one. */
const PATH_NAMES = ['google-chrome', 'google-chrome-stable', 'chromium', 'chromium-browser'];

const CHROMIUM_INSTALL_HINT =
  'Install one with `apt-get install -y chromium` (Debian; /usr/bin/chromium), or set CHROMIUM_PATH to a Chromium or Chrome executable.';

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * Finds a Chromium for the browser tests: the env var CHROMIUM_PATH, then /usr/bin/chromium and
 * /usr/bin/chromium-browser, then google-chrome (or chromium) on PATH. A CHROMIUM_PATH that names no
 * executable is an error rather than a quiet fallback: whoever set it meant that browser.
 */
export function findChromium(env: NodeJS.ProcessEnv = process.env, systemPaths: readonly string[] = SYSTEM_PATHS): FoundChromium | undefined {
  const fromEnv = env.CHROMIUM_PATH;
  if (fromEnv) {
    if (!isExecutable(fromEnv)) throw new Error(`CHROMIUM_PATH=${fromEnv} is not an executable file. ${CHROMIUM_INSTALL_HINT}`);
    return { path: fromEnv, foundVia: 'CHROMIUM_PATH' };
  }
  for (const candidate of systemPaths) {
    if (isExecutable(candidate)) return { path: candidate, foundVia: 'system' };
  }
  const dirs = (env.PATH ?? '').split(path.delimiter).filter(Boolean);
  for (const name of PATH_NAMES) {
    for (const dir of dirs) {
      const candidate = path.join(dir, name);
      if (isExecutable(candidate)) return { path: candidate, foundVia: 'PATH' };
    }
  }
  return undefined;
}

/**
 * For a mocha `before`: the Chromium to use, or, when there is none, a skip of the whole suite with a
 * message saying so and how to install one. Under CI (env CI set) a missing Chromium fails instead,
 * because .ci/run installs it and a quietly skipped browser test would hide that the install broke.
 */
export function chromiumOrSkip(
  ctx: Pick<Mocha.Context, 'skip'>,
  env: NodeJS.ProcessEnv = process.env,
  systemPaths: readonly string[] = SYSTEM_PATHS,
): FoundChromium {
  const found = findChromium(env, systemPaths);
  if (found) return found;
  const message = `No Chromium found (looked at CHROMIUM_PATH, ${systemPaths.join(', ')}, and ${PATH_NAMES.join(', ')} on PATH). ${CHROMIUM_INSTALL_HINT}`;
  if (env.CI) throw new Error(`${message} CI installs it in .ci/run, so this is a broken CI setup, not a skip.`);
  console.warn(`    skipping browser tests: ${message}`);
  ctx.skip();
}

/**
 * Flags for a headless Chromium on this closed network, as root: no sandbox (root cannot use it), no GPU,
 * and none of the background traffic (component updates, sync, safe browsing, QUIC probes) that would
 * otherwise try to reach Google's hosts at every start.
 */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-quic',
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-default-apps',
  '--disable-extensions',
  '--metrics-recording-only',
  '--no-pings',
];

/** Launches headless Chromium from `executablePath` (Playwright gives it a fresh, temporary profile). */
export function launchChromium(executablePath: string, timeoutMs = 30_000): Promise<Browser> {
  return chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS, timeout: timeoutMs });
}

/**
 * A browser context that can reach only `origin`: every request elsewhere (a page's news feed, fonts,
 * telemetry) is aborted in the browser, so nothing leaves the machine and nothing waits on a dead host.
 * The aborted addresses are collected in `blocked`, for a test that wants to know.
 */
export async function localOnlyContext(browser: Browser, origin: string, opts: { width?: number; height?: number } = {}): Promise<{ context: BrowserContext; blocked: string[] }> {
  const context = await browser.newContext({ viewport: { width: opts.width ?? 1400, height: opts.height ?? 900 } });
  const blocked: string[] = [];
  await context.route(
    (url) => url.origin !== origin && url.protocol !== 'data:' && url.protocol !== 'blob:',
    async (route) => {
      blocked.push(route.request().url());
      await route.abort('blockedbyclient');
    },
  );
  return { context, blocked };
}
