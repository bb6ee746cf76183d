import type * as grpc from '@grpc/grpc-js';
import { InvalidArgumentError } from '../errors/index.js';
import { toStatus } from './status-map.js';
import type { HandlerEnv } from './unary-handler.js';

/** What one item of a batch RPC answered: the status its single-item RPC would have returned. */
export interface ItemStatus {
  /** A google.rpc.Code; 0 (OK) when the item succeeded. */
  statusCode: grpc.status;
  /** Empty when OK; otherwise the error's message. */
  statusMessage: string;
}

/** One item's outcome: its value when OK. */
export type ItemOutcome<R> = ItemStatus & { value?: R };

/**
 * The items of a batch request, checked for count: 1 to `max`.
 * @throws InvalidArgumentError naming `field` when there are none or too many.
 */
export function batchItems<T>(field: string, items: readonly T[] | undefined, max: number): readonly T[] {
  const list = items ?? [];
  if (list.length === 0) throw new InvalidArgumentError(field, 'must have at least one item');
  if (list.length > max) throw new InvalidArgumentError(field, `must have at most ${max} items; got ${list.length}`);
  return list;
}

/**
 * Runs `fn` for every item at once and answers, per item, what its single-item RPC would have:
 * its value, or the status its error maps to through the one status table (after the server's
 * driver translation). One item's failure never fails its neighbours; an unexpected error is
 * logged, as the unary wrapper logs it, and answers INTERNAL for that item alone.
 */
export async function settleItems<T, R>(env: HandlerEnv, method: string, items: readonly T[], fn: (item: T) => Promise<R>): Promise<Array<ItemOutcome<R>>> {
  const settled = await Promise.allSettled(items.map((item) => fn(item)));
  return settled.map((s): ItemOutcome<R> => {
    if (s.status === 'fulfilled') return { value: s.value, statusCode: 0, statusMessage: '' };
    const reason: unknown = s.reason;
    const err = env.translate ? env.translate(reason) : reason;
    const answer = toStatus(err);
    if (answer.internal) env.log.error({ err, method }, 'batch item failed');
    return { statusCode: answer.code, statusMessage: answer.details };
  });
}
