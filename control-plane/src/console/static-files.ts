import { readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { repoRoot } from '#lib/runtime/index.js';

/** A file the console serves as is. */
export interface StaticFile {
  body: Buffer;
  contentType: string;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/** Where the console's page lives in the repository: plain HTML, CSS and JS, no build step. */
export function consoleUiDir(): string {
  return join(repoRoot(), 'control-plane', 'console-ui');
}

/**
 * Reads every file of the console's folder once (a few kilobytes), keyed by URL path ('/' is
 * index.html). Only these paths are ever served, so no request can reach another file.
 * Thrown by: Error when the folder is missing (a checkout or image without control-plane/console-ui).
 */
export function loadStaticFiles(dir = consoleUiDir()): Map<string, StaticFile> {
  const files = new Map<string, StaticFile>();
  for (const name of readdirSync(dir)) {
    const contentType = TYPES[extname(name)];
    if (!contentType) continue;
    const file = { body: readFileSync(join(dir, name)), contentType };
    files.set(`/${name}`, file);
    if (name === 'index.html') files.set('/', file);
  }
  return files;
}
