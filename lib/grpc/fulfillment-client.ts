import * as grpc from '@grpc/grpc-js';
import { ordermeshV1 } from '../proto/index.js';
import type { FulfillmentServiceClient } from '../proto/generated/ordermesh/v1/FulfillmentService.js';
import { channelOptions, tracingInterceptor } from './client.js';

/**
 * A client of the warehouse-management backend (wms-sim's FulfillmentService). Replies may be
 * large (GetReport lists every shipment of a long run), so the default limit is 64 MiB.
 * Plaintext unless `credentials` (lib/security's mesh credentials) are given.
 */
export function connectFulfillment(
  address: string,
  maxMessageBytes = 64 * 1024 * 1024,
  credentials: grpc.ChannelCredentials = grpc.credentials.createInsecure(),
): FulfillmentServiceClient {
  const v1 = ordermeshV1();
  return new v1.FulfillmentService(address, credentials, { ...channelOptions(maxMessageBytes), interceptors: [tracingInterceptor] });
}
