import type { Etcd3, IWatchResponse } from 'etcd3';

import { silentLogger, type Logger } from '../logging/index.js';
import { abortable, Backoff, deadlineIn, sleep, type BackoffOptions } from '../runtime/index.js';

/** Where a watcher is. The snapshot is served in every state (static stability). */
export type PrefixWatcherState = 'IDLE' | 'LISTING' | 'WATCHING' | 'RETRYING' | 'STOPPED';

/** Options of {@link PrefixWatcher}. */
export interface PrefixWatcherOptions<T> {
  /** The process's etcd client; the caller closes it after start() resolves. */
  client: Etcd3;
  /** The full key prefix to mirror, e.g. `nodesPrefix(prefix)`. */
  prefix: string;
  /**
   * Turns a stored value into T; throw to reject it. A rejected key is left out of the snapshot
   * (and logged) rather than stopping the watcher: one bad writer must not blind every router.
   */
  decode: (value: string, key: string) => T;
  /**
   * Called with the whole snapshot after every list and after every batch of watch events:
   * level-based, the consumer recomputes from the snapshot and dedupes. Errors are logged.
   */
  onChange: (snapshot: ReadonlyMap<string, T>) => void;
  log?: Logger;
  /** Deadline of each list call; default 5 000 ms. */
  listTimeoutMs?: number;
  /** Retry pacing while etcd is unreachable; default 100 ms doubling up to 2 000 ms. */
  backoff?: BackoffOptions;
  /**
   * Called after every successful list with its revision, before the watch from revision + 1
   * opens (awaited; a throw counts as a failed list and is retried). For metrics; tests use it
   * to change and compact etcd inside that gap.
   */
  onListed?: (revision: string) => void | Promise<void>;
}

/** How one watch ended. */
interface WatchOutcome {
  kind: 'aborted' | 'disconnected' | 'canceled' | 'ended';
  error?: unknown;
  /** Whether it worked for a while (delivered events or lived a second): then re-list at once. */
  healthy: boolean;
}

/**
 * Mirrors every key under a prefix into a Map (key relative to the prefix → decoded value): an
 * informer. It lists the prefix, then watches from the listed revision + 1, so no change between
 * the two is missed. When the watch breaks — etcd unreachable, the stream reset, or etcd
 * cancelling it because the revision was compacted — it lists again rather than resuming:
 * resuming needs history etcd may have compacted, and cannot notice an etcd restored from a
 * backup with older revisions. While etcd is unreachable the last snapshot stays in place
 * (static stability) and listing is retried with backoff.
 */
export class PrefixWatcher<T> {
  private cache = new Map<string, T>();
  private revisionValue: string | undefined;
  private listCount = 0;
  private stateValue: PrefixWatcherState = 'IDLE';
  private started = false;
  private readonly log: Logger;

  constructor(private readonly options: PrefixWatcherOptions<T>) {
    if (options.prefix === '') throw new RangeError('PrefixWatcher needs a non-empty prefix');
    this.log = (options.log ?? silentLogger()).child({ component: 'prefix-watcher', prefix: options.prefix });
  }

  /** Where the watcher is; the snapshot is served in every state. */
  get state(): PrefixWatcherState {
    return this.stateValue;
  }

  /** The etcd revision the snapshot reflects; undefined before the first list. */
  get revision(): string | undefined {
    return this.revisionValue;
  }

  /** How many times the prefix was listed (the first list plus every re-list). */
  get lists(): number {
    return this.listCount;
  }

  /** A copy of the current snapshot; the last one seen while etcd is unreachable. */
  snapshot(): ReadonlyMap<string, T> {
    return new Map(this.cache);
  }

  /**
   * Lists and watches until `signal` aborts, then resolves. Never throws for etcd trouble.
   * Thrown by: Error when called a second time.
   */
  async start(signal: AbortSignal): Promise<void> {
    if (this.started) throw new Error('PrefixWatcher.start() may be called once');
    this.started = true;
    const backoff = new Backoff({ initialDelayMs: 100, maxDelayMs: 2_000, ...this.options.backoff });
    let listFailures = 0;
    try {
      while (!signal.aborted) {
        let outcome: WatchOutcome;
        try {
          this.setState('LISTING');
          const revision = await this.list(signal);
          if (listFailures > 0) this.log.info({ failedAttempts: listFailures, revision }, 'etcd reachable again; snapshot refreshed');
          listFailures = 0;
          await this.options.onListed?.(revision);
          if (signal.aborted) break;
          outcome = await this.watch(revision, signal);
        } catch (error) {
          if (signal.aborted) break;
          // Warn once per outage; the retries after that are debug, or a long outage floods the log.
          const level = listFailures === 0 ? 'warn' : 'debug';
          listFailures++;
          const delayMs = backoff.next();
          this.setState('RETRYING');
          this.log[level]({ err: error, delayMs, attempt: listFailures }, 'list failed; keeping the last snapshot');
          await sleep(delayMs, signal);
          continue;
        }
        if (outcome.kind === 'aborted') break;
        // A watch that worked for a while re-lists at once; one that broke straight away
        // (etcd flapping, compaction racing the list) waits, growing.
        if (outcome.healthy) backoff.reset();
        const delayMs = outcome.healthy ? 0 : backoff.next();
        this.log.info({ reason: outcome.kind, err: outcome.error, revision: this.revisionValue, delayMs }, 'watch interrupted; listing again');
        if (delayMs > 0) {
          this.setState('RETRYING');
          await sleep(delayMs, signal);
        }
      }
    } finally {
      this.setState('STOPPED');
    }
  }

  /** Reads the whole prefix, replaces the snapshot, reports it; resolves with the revision. */
  private async list(signal: AbortSignal): Promise<string> {
    const timeoutMs = this.options.listTimeoutMs ?? 5_000;
    const response = await abortable(this.options.client.getAll().prefix(this.options.prefix).options(deadlineIn(timeoutMs)).exec(), signal);
    const next = new Map<string, T>();
    for (const kv of response.kvs) {
      const key = kv.key.toString();
      const value = this.decode(key, kv.value.toString());
      if (value !== undefined) next.set(value.relative, value.decoded);
    }
    this.cache = next;
    this.revisionValue = response.header.revision;
    this.listCount++;
    this.log.debug({ revision: response.header.revision, keys: next.size }, 'prefix listed');
    this.emit();
    return response.header.revision;
  }

  /** Watches from `revision` + 1 until the watch breaks or `signal` aborts; never rejects. */
  private watch(revision: string, signal: AbortSignal): Promise<WatchOutcome> {
    return new Promise((resolve) => {
      const startedAt = Date.now();
      let batches = 0;
      let settled = false;
      // watcher() rather than create(): create() resolves only once etcd confirms, and while
      // etcd is unreachable it would never settle, leaving no handle to cancel or to hear
      // 'disconnected' on.
      const watcher = this.options.client
        .watch()
        .prefix(this.options.prefix)
        .startRevision((BigInt(revision) + 1n).toString())
        .watcher();
      const finish = (kind: WatchOutcome['kind'], error?: unknown): void => {
        if (settled) return;
        settled = true;
        signal.removeEventListener('abort', onAbort);
        // After 'error' (etcd cancelled it) or 'end', etcd3 has dropped the watcher already.
        // Otherwise cancel it, or etcd3 would resume it by itself after a reconnect, from a
        // revision of its own choosing. Not awaited: it waits for an answer a broken stream
        // may never give.
        if (kind === 'aborted' || kind === 'disconnected') watcher.cancel().catch(() => undefined);
        resolve({ kind, error, healthy: batches > 0 || Date.now() - startedAt >= 1_000 });
      };
      const onAbort = (): void => finish('aborted');
      signal.addEventListener('abort', onAbort, { once: true });
      // Listeners stay attached after finish: an 'error' without a listener would throw.
      watcher.on('connected', () => {
        if (settled) return;
        this.setState('WATCHING');
        this.log.debug({ fromRevision: (BigInt(revision) + 1n).toString() }, 'watch established');
      });
      watcher.on('data', (response: IWatchResponse) => {
        if (settled) return;
        batches++;
        this.apply(response);
      });
      watcher.on('disconnected', (error: unknown) => finish('disconnected', error));
      watcher.on('error', (error: unknown) => finish('canceled', error));
      watcher.on('end', () => finish('ended'));
      if (signal.aborted) finish('aborted');
    });
  }

  /** Applies one watch response to the snapshot and reports it when anything changed. */
  private apply(response: IWatchResponse): void {
    for (const event of response.events) {
      const key = event.kv.key.toString();
      if (!key.startsWith(this.options.prefix)) continue;
      const relative = key.slice(this.options.prefix.length);
      if (event.type === 'Delete') {
        this.cache.delete(relative);
      } else {
        const value = this.decode(key, event.kv.value.toString());
        // A value that no longer decodes is dropped: serving its stale predecessor would lie.
        if (value === undefined) this.cache.delete(relative);
        else this.cache.set(relative, value.decoded);
      }
      this.revisionValue = event.kv.mod_revision;
    }
    if (response.events.length > 0) {
      this.emit();
    } else if (this.revisionValue === undefined || BigInt(response.header.revision) > BigInt(this.revisionValue)) {
      // A progress notification: nothing under the prefix changed up to this revision.
      this.revisionValue = response.header.revision;
    }
  }

  private decode(key: string, raw: string): { relative: string; decoded: T } | undefined {
    const relative = key.slice(this.options.prefix.length);
    try {
      return { relative, decoded: this.options.decode(raw, relative) };
    } catch (error) {
      this.log.warn({ key, err: error }, 'value rejected; key left out of the snapshot');
      return undefined;
    }
  }

  private emit(): void {
    try {
      this.options.onChange(this.snapshot());
    } catch (error) {
      this.log.error({ err: error }, 'onChange threw');
    }
  }

  private setState(state: PrefixWatcherState): void {
    this.stateValue = state;
  }
}
