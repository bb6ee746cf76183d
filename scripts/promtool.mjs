#!/usr/bin/env node
// promtool, Prometheus's checker, for the tests of deploy/prometheus (the alert rules' unit tests
// in alerts.test.yml, and the config's syntax). It comes from Debian's `prometheus` package:
// `apt-get download` fetches the .deb (about 19 MB) and only usr/bin/promtool is unpacked into
// .tools/bin, which git ignores. Installing the package instead would add a Prometheus server
// and its service, which the tests do not want.
//
//   node scripts/promtool.mjs           installs it when missing (a no-op when present)
//
// Where apt-get or dpkg-deb is missing, one line says what to install and the checks skip,
// except under CI=true, where that is a failure.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const binDir = join(root, '.tools', 'bin');
const target = join(binDir, 'promtool');
const say = (line) => process.stderr.write(`[promtool] ${line}\n`);
const giveUp = (why) => {
  say(`${why}; the promtool checks of deploy/prometheus will ${process.env.CI === 'true' ? 'fail' : 'skip'}. Install it yourself: apt-get install prometheus (or put promtool in .tools/bin).`);
  process.exit(process.env.CI === 'true' ? 1 : 0);
};

if (existsSync(target)) process.exit(0);
for (const program of ['apt-get', 'dpkg-deb']) {
  if (spawnSync(program, ['--version'], { stdio: 'ignore' }).status !== 0) giveUp(`${program} is not available`);
}
say("unpacking promtool from Debian's prometheus package into .tools/bin");
const work = mkdtempSync(join(tmpdir(), 'ordermesh-promtool-'));
try {
  // As root, apt would drop to its _apt user, who cannot write into our private temp folder.
  const download = spawnSync('apt-get', ['download', '-qq', ...(process.getuid?.() === 0 ? ['-o', 'APT::Sandbox::User=root'] : []), 'prometheus'], { cwd: work, stdio: 'inherit' });
  const deb = readdirSync(work).find((f) => f.endsWith('.deb'));
  if (download.status !== 0 || !deb) giveUp('apt-get download prometheus failed (output above)');
  const tar = spawnSync('sh', ['-c', `dpkg-deb --fsys-tarfile "${deb}" | tar -x ./usr/bin/promtool`], { cwd: work, stdio: 'inherit' });
  if (tar.status !== 0) giveUp('unpacking the .deb failed (output above)');
  mkdirSync(binDir, { recursive: true });
  renameSync(join(work, 'usr/bin/promtool'), target);
} finally {
  rmSync(work, { recursive: true, force: true });
}
