import type { OrderStatus as ProtoOrderStatus } from '#lib/proto/index.js';

/**
 * All order statuses, in lifecycle order, as the domain and the database name them
 * (ARCHITECTURE.md, Orders): THE list. The warehouse's Postgres enum (warehouse/src/db/schema.ts)
 * is built from it, and a test holds it equal to the proto enum and the migration. The API's
 * enum prefixes each with `ORDER_STATUS_` (buf's STANDARD style); {@link toProtoStatus} and
 * {@link fromProtoStatus} are the one place that converts.
 */
export const ORDER_STATUSES = ['RESERVED', 'REJECTED', 'PAID', 'FULFILLING', 'SHIPPED', 'CANCELLED'] as const;

/** An order status: one of {@link ORDER_STATUSES}. */
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** Final statuses: nothing more happens to such an order. */
export const FINAL_STATUSES: ReadonlySet<OrderStatus> = new Set(['REJECTED', 'SHIPPED', 'CANCELLED']);

/** The API's name of a status: 'RESERVED' → 'ORDER_STATUS_RESERVED'. */
export function toProtoStatus(status: OrderStatus): ProtoOrderStatus & `ORDER_STATUS_${OrderStatus}` {
  return `ORDER_STATUS_${status}`;
}

/**
 * The domain status of an API enum value (its name, or its number as proto-loader gives unknown
 * values): 'ORDER_STATUS_PAID' → 'PAID'; `undefined` for ORDER_STATUS_UNSPECIFIED, '' and values
 * this version does not know.
 */
export function fromProtoStatus(value: string | number | null | undefined): OrderStatus | undefined {
  if (typeof value !== 'string' || !value.startsWith('ORDER_STATUS_')) return undefined;
  const status = value.slice('ORDER_STATUS_'.length);
  return (ORDER_STATUSES as readonly string[]).includes(status) ? (status as OrderStatus) : undefined;
}
