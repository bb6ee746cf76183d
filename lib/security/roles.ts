/**
 * The roles a caller can hold, and which RPCs each may call. The policy file (policy.ts) says
 * which identity holds which roles; this table, part of the design, says what each role means.
 */
export const ROLES = ['shop', 'payments', 'fulfilment', 'operator', 'mesh'] as const;

/** A role: a set of RPCs a kind of caller needs. */
export type Role = (typeof ROLES)[number];

const ORDER = '/ordermesh.v1.OrderService/';
const PAYMENT = '/ordermesh.v1.PaymentService/';
const INVENTORY = '/ordermesh.v1.InventoryService/';
const CONTROL = '/ordermesh.v1.ControlPlaneService/';
const NODE = '/ordermesh.v1.NodeService/';
const FULFILLMENT = '/ordermesh.v1.FulfillmentService/';

/**
 * Each role's RPCs (full method paths):
 * - shop: the shop front: place, read, list and cancel orders, read the catalogue (GetStock);
 * - payments: the payment provider's callback;
 * - fulfilment: the warehouse-management backend: report shipments, and keep stock on hand
 *   (it is the system of record for what is on the shelves, so it restocks with SetStock);
 * - operator: people and tools running the cluster: stock, draining, every admin read;
 * - mesh: what services call on each other on their own behalf (a node delivering to wms-sim,
 *   the control plane reading a node's status, stats and, for its console, an order's history).
 */
export const ROLE_METHODS: Readonly<Record<Role, readonly string[]>> = {
  shop: [`${ORDER}CreateOrder`, `${ORDER}GetOrder`, `${ORDER}ListOrders`, `${ORDER}CancelOrder`, `${INVENTORY}GetStock`],
  payments: [`${PAYMENT}ConfirmPayment`],
  fulfilment: [`${ORDER}ReportShipment`, `${ORDER}ReportShipments`, `${INVENTORY}GetStock`, `${INVENTORY}SetStock`],
  operator: [
    `${INVENTORY}SetStock`,
    `${INVENTORY}GetStock`,
    `${CONTROL}DrainNode`,
    `${CONTROL}GetAssignment`,
    `${CONTROL}WatchAssignment`,
    `${CONTROL}ListNodes`,
    `${CONTROL}GetStats`,
    `${NODE}GetStatus`,
    `${NODE}GetNodeStats`,
    `${NODE}GetOrderHistory`,
    `${ORDER}GetOrder`,
    `${ORDER}ListOrders`,
    `${FULFILLMENT}GetReport`,
  ],
  mesh: [`${FULFILLMENT}ShipOrder`, `${FULFILLMENT}ShipOrders`, `${NODE}GetStatus`, `${NODE}GetNodeStats`, `${NODE}GetOrderHistory`],
};

/** Method path → the roles that may call it; built once. */
const METHOD_ROLES: ReadonlyMap<string, readonly Role[]> = (() => {
  const map = new Map<string, Role[]>();
  for (const role of ROLES) {
    for (const method of ROLE_METHODS[role]) {
      const roles = map.get(method) ?? [];
      roles.push(role);
      map.set(method, roles);
    }
  }
  return map;
})();

/** The roles that may call `method` (a full path such as '/ordermesh.v1.OrderService/CreateOrder'); empty: nobody. */
export function rolesFor(method: string): readonly Role[] {
  return METHOD_ROLES.get(method) ?? [];
}
