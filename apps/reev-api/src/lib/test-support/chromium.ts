import { existsSync } from 'node:fs';
import { chromium, type BrowserContext } from 'playwright-core';

const CHROMIUM = '/usr/bin/chromium';
// Without the background-networking flags Chromium keeps dialling Google's hosts, which this offline machine refuses.
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Debian's headless Chromium with a fresh profile in `profileDir`; fails loudly when it is not installed (never downloads one). */
export async function launchDebianChromium(profileDir: string, viewport?: { width: number; height: number }): Promise<BrowserContext> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM}; the browser specs need it. Install the Debian package: ` +
        '`apt-get install -y chromium` (never let a tool download a browser).',
    );
  }
  return chromium.launchPersistentContext(profileDir, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_FLAGS, ...(viewport ? { viewport } : {}) });
}
