import * as grpc from '@grpc/grpc-js';
import { ordermeshV1 } from '../proto/index.js';
import type { ControlPlaneServiceClient } from '#lib/proto/index.js';
import { channelOptions, tracingInterceptor } from './client.js';

/** A client of a control-plane replica's admin API; plaintext unless `credentials` (lib/security's) are given. */
export function connectControlPlane(address: string, credentials: grpc.ChannelCredentials = grpc.credentials.createInsecure()): ControlPlaneServiceClient {
  const v1 = ordermeshV1();
  return new v1.ControlPlaneService(address, credentials, { ...channelOptions(), interceptors: [tracingInterceptor] });
}
