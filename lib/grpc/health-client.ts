import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { protoPath as healthProtoPath } from 'grpc-health-check';

/** What a health check can say: the server's answer, or that it could not be asked. */
export type HealthAnswer = 'SERVING' | 'NOT_SERVING' | 'UNKNOWN' | 'SERVICE_UNKNOWN' | 'UNREACHABLE';

type HealthClient = grpc.Client & {
  Check(req: { service: string }, options: grpc.CallOptions, cb: (err: grpc.ServiceError | null, res?: { status: string }) => void): void;
};

let HealthCtor: (new (address: string, creds: grpc.ChannelCredentials) => HealthClient) | undefined;

function healthClientConstructor(): new (address: string, creds: grpc.ChannelCredentials) => HealthClient {
  if (!HealthCtor) {
    const pkg = grpc.loadPackageDefinition(protoLoader.loadSync(healthProtoPath, { enums: String })) as unknown as {
      grpc: { health: { v1: { Health: new (address: string, creds: grpc.ChannelCredentials) => HealthClient } } };
    };
    HealthCtor = pkg.grpc.health.v1.Health;
  }
  return HealthCtor;
}

/**
 * Asks `address` for its grpc.health.v1 status (service '' = the whole server), in plaintext
 * unless `credentials` are given. Never throws: a server that cannot be reached within
 * `timeoutMs` (or refuses the TLS handshake) is 'UNREACHABLE'.
 */
export async function checkHealth(
  address: string,
  service = '',
  timeoutMs = 2_000,
  credentials: grpc.ChannelCredentials = grpc.credentials.createInsecure(),
): Promise<HealthAnswer> {
  const Ctor = healthClientConstructor();
  const client = new Ctor(address, credentials);
  try {
    return await new Promise<HealthAnswer>((resolve) => {
      client.Check({ service }, { deadline: Date.now() + timeoutMs }, (err, res) => {
        if (err) resolve(err.code === grpc.status.NOT_FOUND ? 'SERVICE_UNKNOWN' : 'UNREACHABLE');
        else resolve((res?.status as HealthAnswer | undefined) ?? 'UNKNOWN');
      });
    });
  } finally {
    client.close();
  }
}
