import * as grpc from '@grpc/grpc-js';
import { ordermeshV1 } from '../proto/index.js';
import type { FulfillmentServiceClient } from '#lib/proto/index.js';
import { channelOptions, tracingInterceptor } from './client.js';
import { MAX_REPORT_BYTES } from './message-limits.js';

/**
 * A client of the warehouse-management backend (wms-sim's FulfillmentService). Replies may be
 * large (GetReport lists every shipment of a long run), so it receives up to
 * {@link MAX_REPORT_BYTES}; it sends requests of the shared limit at most, as every client does.
 * Plaintext unless `credentials` (lib/security's mesh credentials) are given.
 */
export function connectFulfillment(
  address: string,
  maxResponseBytes = MAX_REPORT_BYTES,
  credentials: grpc.ChannelCredentials = grpc.credentials.createInsecure(),
): FulfillmentServiceClient {
  const v1 = ordermeshV1();
  const options = { ...channelOptions(), 'grpc.max_receive_message_length': maxResponseBytes, interceptors: [tracingInterceptor] };
  return new v1.FulfillmentService(address, credentials, options);
}
