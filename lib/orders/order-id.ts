import { monotonicFactory } from 'ulid';

/**
 * A ULID: 26 characters of Crockford's base32 encoding 128 bits, so the first carries only 3 bits
 * (0-7); '8ZZZZZZZZZZZZZZZZZZZZZZZZZ' and above overflow 128 bits and are no ULID at all.
 */
const ULID = /^[0-7][0-9A-HJKMNP-TV-Z]{25}$/;
const BASE32_ULID_SHAPE = /^[0-9A-HJKMNP-TV-Z]{26}$/;
const REGION = /^[A-Z]{2,8}$/;

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

/**
 * Splits an order id into region and ULID; undefined when it is not of the form
 * `<REGION>-<ULID>` (a ULID that overflows 128 bits included). THE parser of order ids: the
 * gateway routes, nodes and wms-sim validate with it, so all refuse the same ids.
 */
export function parseOrderId(orderId: string): ParsedOrderId | undefined {
  const dash = orderId.indexOf('-');
  if (dash < 2) return undefined;
  const region = orderId.slice(0, dash);
  const ulid = orderId.slice(dash + 1);
  if (!REGION.test(region) || !ULID.test(ulid)) return undefined;
  return { region, ulid };
}

/**
 * What is wrong with `orderId`, worded for an INVALID_ARGUMENT about field `order_id` (the
 * caller puts the field in front); undefined when {@link parseOrderId} accepts it.
 */
export function orderIdProblem(orderId: string): string | undefined {
  if (orderId === '') return 'is required';
  if (parseOrderId(orderId)) return undefined;
  const shown = orderId.slice(0, 80);
  const ulid = orderId.slice(orderId.indexOf('-') + 1);
  if (BASE32_ULID_SHAPE.test(ulid) && REGION.test(orderId.slice(0, orderId.indexOf('-')))) {
    return `'${shown}' is not an order id: its ULID overflows 128 bits (a ULID starts with 0-7)`;
  }
  return `'${shown}' is not an order id of the form <REGION>-<ULID>`;
}
