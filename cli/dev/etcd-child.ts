import { Etcd3 } from 'etcd3';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { sleep } from '#lib/runtime/index.js';
import { startChild, type DevChild } from './child-process.js';

/** Where to find the etcd binary: ORDERMESH_ETCD_BIN, else `etcd` on PATH, else /usr/bin/etcd. */
export function findEtcdBinary(env: NodeJS.ProcessEnv): string | undefined {
  if (env.ORDERMESH_ETCD_BIN) return existsSync(env.ORDERMESH_ETCD_BIN) ? env.ORDERMESH_ETCD_BIN : undefined;
  for (const dir of (env.PATH ?? '').split(':')) if (dir && existsSync(join(dir, 'etcd'))) return join(dir, 'etcd');
  return existsSync('/usr/bin/etcd') ? '/usr/bin/etcd' : undefined;
}

/** Thrown when no etcd binary is installed; says how to get one. */
export class EtcdMissingError extends Error {
  constructor() {
    super(
      'ordermesh dev needs etcd: install it (Debian/Ubuntu: `sudo apt-get install etcd-server`), put an etcd binary on PATH or in ORDERMESH_ETCD_BIN, or point ORDERMESH_ETCD_ENDPOINTS at a running etcd.',
    );
  }
}

/**
 * Runs etcd as a child process on 127.0.0.1 (client `clientPort`, peer `clientPort + 1`) with its
 * data in `dataDir`, and resolves once it answers.
 * @throws EtcdMissingError without a binary; Error when it does not answer within 20 s (its log
 * file says why, e.g. the port is taken).
 */
export async function startEtcdChild(options: { binary: string; dataDir: string; clientPort: number; logFile: string }): Promise<{ child: DevChild; endpoint: string }> {
  const client = `http://127.0.0.1:${options.clientPort}`;
  const peer = `http://127.0.0.1:${options.clientPort + 1}`;
  // etcd reads ETCD_* variables as flags: keep the caller's out.
  const child = startChild(
    'etcd',
    options.binary,
    [
      '--name=ordermesh-dev',
      `--data-dir=${resolve(options.dataDir)}`,
      `--listen-client-urls=${client}`,
      `--advertise-client-urls=${client}`,
      `--listen-peer-urls=${peer}`,
      `--initial-advertise-peer-urls=${peer}`,
      `--initial-cluster=ordermesh-dev=${peer}`,
      '--log-level=warn',
      '--logger=zap',
    ],
    {},
    options.logFile,
  );
  const etcd = new Etcd3({ hosts: [client] });
  try {
    let exited = false;
    void child.exited.then(() => (exited = true));
    for (const started = Date.now(); Date.now() - started < 20_000; ) {
      if (exited) throw new Error(`etcd exited at start; see ${options.logFile} (is port ${options.clientPort} taken?)`);
      try {
        await etcd.get('ordermesh-dev-probe').options({ deadline: Date.now() + 500 }).string();
        return { child, endpoint: client };
      } catch {
        await sleep(200);
      }
    }
    await child.stop();
    throw new Error(`etcd did not answer on ${client} within 20 s; see ${options.logFile}`);
  } finally {
    etcd.close();
  }
}
