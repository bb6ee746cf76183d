import { z } from 'zod';
import { LIMITS, orderIdProblem, parseRequest } from '#lib/orders/index.js';
import type { ShipmentItem } from './fulfillment-ledger.js';

/** A validated ShipOrder. */
export interface ShipOrderCommand {
  orderId: string;
  idempotencyKey: string;
  /** The warehouse the order was reserved at ('' when the sender did not say). */
  warehouseId: string;
  items: ShipmentItem[];
}

const amount = z.number().int('must be a whole number').min(0, 'must not be negative').max(LIMITS.maxAmountCents, `must be at most ${LIMITS.maxAmountCents}`);

const schema = z.object({
  // wms-sim does not know the cluster's topology, so it checks the form <REGION>-<ULID> only;
  // ordermesh refuses an order of an unknown region when the SHIPPED report arrives.
  orderId: z.string().superRefine((id, ctx) => {
    const problem = orderIdProblem(id);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  }),
  idempotencyKey: z
    .string()
    .max(LIMITS.requestIdChars, `must be at most ${LIMITS.requestIdChars} characters`)
    .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), 'must not contain control characters'),
  warehouseId: z.union([z.literal(''), z.string().regex(LIMITS.warehouseIdPattern, 'is not a warehouse id of the form <REGION>-<NAME>, e.g. HCM-01')]),
  items: z
    .array(
      z.object({
        sku: z.string().regex(LIMITS.skuPattern, `must be 1 to 64 characters of A-Z, a-z, 0-9, '.', '_' or '-'`),
        quantity: z.number().int('must be a whole number').min(1, 'must be at least 1').max(LIMITS.quantityPerItem, `must be at most ${LIMITS.quantityPerItem}`),
        unitPriceCents: amount,
        lineTotalCents: amount,
      }),
    )
    // Every order has at least one line; a shipment of nothing is a sender's bug, not a shipment.
    .min(1, 'must have at least one item')
    .max(LIMITS.itemsPerOrder, `must have at most ${LIMITS.itemsPerOrder} items`)
    .superRefine((items, ctx) => {
      items.forEach((item, i) => {
        const expected = item.quantity * item.unitPriceCents;
        if (item.lineTotalCents !== expected) {
          ctx.addIssue({ code: 'custom', path: [i, 'lineTotalCents'], message: `is ${item.lineTotalCents} but quantity × unit_price_cents is ${expected}` });
        }
      });
    }),
});

/**
 * Validates a ShipOrder request (proto-loader fills absent fields with defaults).
 * Thrown by: InvalidArgumentError naming the first bad field, e.g. `order_id`.
 */
export function validateShipOrder(input: unknown): ShipOrderCommand {
  return parseRequest(schema, input);
}
