import * as grpc from '@grpc/grpc-js';
import { ordermeshV1 } from '../proto/index.js';
import type { FulfillmentServiceClient } from '../proto/generated/ordermesh/v1/FulfillmentService.js';
import { channelOptions, tracingInterceptor } from './client.js';

/** A client of the warehouse-management backend (wms-sim's FulfillmentService). */
export function connectFulfillment(address: string): FulfillmentServiceClient {
  const v1 = ordermeshV1();
  return new v1.FulfillmentService(address, grpc.credentials.createInsecure(), { ...channelOptions(), interceptors: [tracingInterceptor] });
}
