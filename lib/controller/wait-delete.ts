import type { Etcd3 } from 'etcd3';

import { EtcdUnavailableError } from '../membership/index.js';
import { abortable, deadlineIn } from '../runtime/index.js';

/**
 * Resolves once `key` is deleted at or after `fromRevision` (etcd's concurrency waitDelete: a
 * watch from that revision, so a delete between the caller's read and the watch is not missed).
 * A watch broken by a disconnect is resumed by etcd3 from where it stopped.
 * Thrown by: EtcdUnavailableError when etcd cancels the watch (e.g. the revision was compacted);
 * the signal's reason on abort.
 */
export function waitDelete(client: Etcd3, key: string, fromRevision: string, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    // watcher() rather than create(): create() settles only once etcd confirms the watch, and
    // while etcd is unreachable there would be no handle to cancel.
    const watcher = client.watch().key(key).startRevision(fromRevision).only('delete').watcher();
    let settled = false;
    const finish = (error: unknown, cancel: boolean): void => {
      if (settled) return;
      settled = true;
      signal.removeEventListener('abort', onAbort);
      // After 'error' or 'end' etcd3 has dropped the watcher already.
      if (cancel) watcher.cancel().catch(() => undefined);
      if (error === undefined) resolve();
      else reject(error);
    };
    const onAbort = (): void => finish(signal.reason, true);
    signal.addEventListener('abort', onAbort, { once: true });
    watcher.on('delete', () => finish(undefined, true));
    watcher.on('error', (error: unknown) => finish(new EtcdUnavailableError(`watch of ${key}`, { cause: error }), false));
    watcher.on('end', () => finish(new EtcdUnavailableError(`watch of ${key}`), false));
  });
}

/**
 * Resolves once no key under `prefix` has a create revision of `maxCreateRevision` or less
 * (etcd's concurrency waitDeletes): it waits for the delete of the newest such key, then looks
 * again, so each waiter watches only its predecessor and a release wakes one waiter, not all.
 * Resolves with the revision of the read that found none.
 * Thrown by: EtcdUnavailableError when a read does not answer within `timeoutMs` or a watch is
 * cancelled by etcd; the signal's reason on abort.
 */
export async function waitDeletes(client: Etcd3, prefix: string, maxCreateRevision: string, signal: AbortSignal, timeoutMs: number): Promise<string> {
  for (;;) {
    const request = client.getAll().prefix(prefix).maxCreateRevision(maxCreateRevision).sort('Create', 'Descend').limit(1).options(deadlineIn(timeoutMs)).exec();
    let response;
    try {
      response = await abortable(request, signal);
    } catch (error) {
      if (signal.aborted) throw signal.reason;
      throw new EtcdUnavailableError('election read', { cause: error });
    }
    const predecessor = response.kvs[0];
    if (predecessor === undefined) return response.header.revision;
    await waitDelete(client, predecessor.key.toString(), response.header.revision, signal);
  }
}
