/** The RPCs ecom-sim makes for an order, in the order it makes them. */
export const RPCS = ['CreateOrder', 'ConfirmPayment', 'GetOrder'] as const;

/** One of {@link RPCS}. */
export type RpcName = (typeof RPCS)[number];

/** One request ecom-sim made: a row of the `--csv` file. Retries are rows of their own. */
export interface RequestRecord {
  /** The order's id; '' for a CreateOrder that failed before any attempt answered. */
  orderId: string;
  /** The order's idempotency key (every attempt of a CreateOrder carries the same one). */
  requestId: string;
  /** When the call started, in ms since the epoch. */
  startedAt: number;
  rpc: RpcName;
  /** From sending the call to its answer (or error), in ms. */
  latencyMs: number;
  /** 'OK' or the gRPC status name, e.g. 'UNAVAILABLE'. */
  code: string;
  /** Order.node_id of the answer (the node that handled the order's last change); '' on error. */
  node: string;
  /** 1 for the first attempt of this call, 2 for its first retry, ... */
  attempt: number;
  /** The order's trace id ('' when tracing records nothing). */
  traceId: string;
}
