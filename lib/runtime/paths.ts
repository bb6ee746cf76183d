import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/**
 * The repository root: the nearest folder above this file whose package.json is ordermesh's.
 * Compiled code runs from dist/, so paths to proto/, migrations and scripts go through here
 * instead of being relative to the running file.
 */
export function repoRoot(): string {
  if (root) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'ordermesh') {
      root = dir;
      return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the ordermesh package.json above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
}

/**
 * The path of a program the bootstrap puts into .tools/bin (grpcurl, ghz and jaeger built by
 * scripts/go-tools.mjs; promtool unpacked by scripts/promtool.mjs), or undefined when it is not
 * there (Go or apt missing, or the bootstrap not run yet).
 */
export function goToolPath(name: string): string | undefined {
  const path = join(repoRoot(), '.tools', 'bin', name);
  return existsSync(path) ? path : undefined;
}
