// Original file: proto/ordermesh/v1/node.proto

import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp.js';
import type { OrderStatus as _ordermesh_v1_OrderStatus, OrderStatus__Output as _ordermesh_v1_OrderStatus__Output } from '../../ordermesh/v1/OrderStatus.js';

/**
 * One step of an order's story.
 */
export interface OrderEvent {
  /**
   * When it happened; unset when the database keeps no time for it.
   */
  'at'?: (_google_protobuf_Timestamp | null);
  /**
   * The status the order reached with it; ORDER_STATUS_UNSPECIFIED when it changed no status
   * (e.g. a delivery still being retried, or a payment that came too late).
   */
  'status'?: (_ordermesh_v1_OrderStatus);
  /**
   * What happened: "created", "payment", "delivery", "shipment" or "cancellation".
   */
  'kind'?: (string);
  /**
   * The warehouse node that made the change, when the database records it (the last change's).
   */
  'nodeId'?: (string);
  /**
   * A sentence for people, e.g. "payment pay-1 of 20.00 succeeded".
   */
  'detail'?: (string);
}

/**
 * One step of an order's story.
 */
export interface OrderEvent__Output {
  /**
   * When it happened; unset when the database keeps no time for it.
   */
  'at': (_google_protobuf_Timestamp__Output | null);
  /**
   * The status the order reached with it; ORDER_STATUS_UNSPECIFIED when it changed no status
   * (e.g. a delivery still being retried, or a payment that came too late).
   */
  'status': (_ordermesh_v1_OrderStatus__Output);
  /**
   * What happened: "created", "payment", "delivery", "shipment" or "cancellation".
   */
  'kind': (string);
  /**
   * The warehouse node that made the change, when the database records it (the last change's).
   */
  'nodeId': (string);
  /**
   * A sentence for people, e.g. "payment pay-1 of 20.00 succeeded".
   */
  'detail': (string);
}
