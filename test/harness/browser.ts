import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/**
 * The Chromium the console's tests drive: Debian's `chromium` package (scripts/bootstrap.mjs
 * installs it with `--need chromium`), or ORDERMESH_CHROMIUM_BIN. Never a downloaded browser.
 */
export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  return env.ORDERMESH_CHROMIUM_BIN ?? '/usr/bin/chromium';
}

/**
 * Launches headless Chromium through playwright-core.
 * Thrown by: Error saying what to install when the binary is missing.
 */
export async function launchChromium(): Promise<Browser> {
  const executablePath = chromiumPath();
  if (!existsSync(executablePath)) {
    throw new Error(`Chromium is not installed at ${executablePath}: run \`sudo apt-get install chromium\` (npm test does it as root), or set ORDERMESH_CHROMIUM_BIN`);
  }
  // Chromium's sandbox refuses to run as root; in a container or as root it must be off.
  const asRoot = process.getuid?.() === 0;
  return chromium.launch({ executablePath, headless: true, args: asRoot ? ['--no-sandbox'] : [] });
}
