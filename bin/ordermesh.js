#!/usr/bin/env node
// The `ordermesh` executable. TypeScript compiles to dist/; `npm start` and `npm test` build it
// first (scripts/bootstrap.mjs).
import { existsSync } from 'node:fs';

const entry = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('ordermesh: not built yet; run `npm run build` (or `npm start`, which builds first)\n');
  process.exit(2);
}
const { main } = await import(entry.href);
await main(process.argv.slice(2));
