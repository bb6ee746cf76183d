// Original file: proto/ordermesh/v1/fulfillment.proto


export interface ShipOrderResponse {
  'orderId'?: (string);
  /**
   * The shipment the order will travel in.
   */
  'shipmentId'?: (string);
  /**
   * False when the backend had already accepted this order before (a retry).
   */
  'firstDelivery'?: (boolean);
}

export interface ShipOrderResponse__Output {
  'orderId': (string);
  /**
   * The shipment the order will travel in.
   */
  'shipmentId': (string);
  /**
   * False when the backend had already accepted this order before (a retry).
   */
  'firstDelivery': (boolean);
}
