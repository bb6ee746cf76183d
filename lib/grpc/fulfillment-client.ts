import * as grpc from '@grpc/grpc-js';
import { ordermeshV1 } from '../proto/index.js';
import type { FulfillmentServiceClient } from '../proto/generated/ordermesh/v1/FulfillmentService.js';
import { channelOptions, tracingInterceptor } from './client.js';

/**
 * A client of the warehouse-management backend (wms-sim's FulfillmentService). Replies may be
 * large (GetReport lists every shipment of a long run), so the default limit is 64 MiB.
 */
export function connectFulfillment(address: string, maxMessageBytes = 64 * 1024 * 1024): FulfillmentServiceClient {
  const v1 = ordermeshV1();
  return new v1.FulfillmentService(address, grpc.credentials.createInsecure(), { ...channelOptions(maxMessageBytes), interceptors: [tracingInterceptor] });
}
