import { monotonicFactory } from 'ulid';

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/**
 * gRPC metadata key in which the gateway passes the order id it minted (and routed on) for a
 * CreateOrder; the node creates the order under that id, so a retry elsewhere is idempotent.
 */
export const ORDER_ID_METADATA = 'ordermesh-order-id';
const nextUlid = monotonicFactory();

/** Mints an order id `<REGION>-<ULID>`: the home region, then a time-ordered unique id. */
export function mintOrderId(region: string): string {
  return `${region}-${nextUlid()}`;
}

/** The parts of a well-formed order id. */
export interface ParsedOrderId {
  region: string;
  ulid: string;
}

/** Splits an order id into region and ULID; undefined when it is not of the form `<REGION>-<ULID>`. */
export function parseOrderId(orderId: string): ParsedOrderId | undefined {
  const dash = orderId.indexOf('-');
  if (dash < 2) return undefined;
  const region = orderId.slice(0, dash);
  const ulid = orderId.slice(dash + 1);
  if (!/^[A-Z]{2,8}$/.test(region) || !ULID.test(ulid)) return undefined;
  return { region, ulid };
}
