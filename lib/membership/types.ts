import { z } from 'zod';

import { InvalidValueError } from './errors.js';

/**
 * THE node id rule (docs/configuration.md: a-z, 0-9 and -, e.g. `hcm-1`), for the warehouse's
 * --node-id, membership's keys, drain requests, certificates and etcd users alike. Node ids
 * become etcd key segments (`nodes/{id}`), so they may not contain '/' or start with a dot; they
 * name SPIFFE identities and etcd users, so lower case only; 63 characters fits DNS labels and
 * log columns.
 */
export const NODE_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** What a node id must be, in the words of configuration errors. */
export const NODE_ID_RULE = 'must be 1 to 63 characters of a-z, 0-9 and -, e.g. hcm-1';

/** A node id: see {@link NODE_ID_PATTERN}. */
export const nodeIdSchema = z.string().regex(NODE_ID_PATTERN, NODE_ID_RULE);

/**
 * A region code such as HCM. Upper-case letters and digits only: order ids are `HCM-<ulid>`,
 * so a region may not contain '-'.
 */
export const regionSchema = z.string().regex(/^[A-Z][A-Z0-9]{0,15}$/, 'region: upper-case letters and digits, e.g. HCM');

/** `host:port` or `[ipv6]:port`, the node's gRPC address. */
export const addressSchema = z.string().regex(/^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):\d{1,5}$/, 'address: host:port');

/**
 * The value under `nodes/{node_id}`. Unknown fields are dropped rather than rejected (zod's
 * default), so a newer node's extra fields do not make older routers ignore it mid-upgrade.
 */
export const registeredNodeSchema = z.object({
  nodeId: nodeIdSchema,
  region: regionSchema,
  address: addressSchema,
  /** How much work the node takes relative to others (weight / max in-flight); at least 1. */
  capacity: z.number().int().positive(),
  /** The node's software version. */
  version: z.string().min(1),
  /** When the node process started (ISO 8601), not when it last re-registered. */
  startedAt: z.iso.datetime({ offset: true }),
  /** host:port of the node's Prometheus endpoint; absent when it serves none (and from older nodes). */
  metricsAddress: addressSchema.optional(),
});

/** A warehouse node's registration, as stored under `nodes/{node_id}`. */
export type RegisteredNode = z.infer<typeof registeredNodeSchema>;

/**
 * The value under `services/{service}/{instance}`: a process beside the warehouse nodes (today
 * wms-sim) that operators and `ordermesh status` should find, with where it serves and where
 * its metrics are. Unknown fields are dropped, as for nodes.
 */
export const registeredServiceSchema = z.object({
  /** What the process is, e.g. 'wms-sim'. */
  service: nodeIdSchema,
  /** Which one of them; 'wms-sim' when there is one. */
  instance: nodeIdSchema,
  /** host:port of its gRPC server. */
  address: addressSchema,
  /** host:port of its Prometheus endpoint; absent when it serves none. */
  metricsAddress: addressSchema.optional(),
  /** Its software version. */
  version: z.string().min(1),
  /** When the process started (ISO 8601). */
  startedAt: z.iso.datetime({ offset: true }),
});

/** A side service's registration, as stored under `services/{service}/{instance}`. */
export type RegisteredService = z.infer<typeof registeredServiceSchema>;

/** The value under `load/{node_id}`, refreshed about once a second. */
export const nodeLoadSchema = z.object({
  /** Requests being served right now. */
  inFlight: z.number().int().nonnegative(),
  /** Requests per second over the recent window. */
  ratePerS: z.number().nonnegative(),
  p50Ms: z.number().nonnegative(),
  p99Ms: z.number().nonnegative(),
  /** When the report was written (ISO 8601); routers can ignore stale ones. */
  reportedAt: z.iso.datetime({ offset: true }),
});

/** A warehouse node's load report, as stored under `load/{node_id}`. */
export type NodeLoad = z.infer<typeof nodeLoadSchema>;

/** A load measurement before publication; NodeRegistration stamps `reportedAt` when it writes. */
export type NodeLoadSample = Omit<NodeLoad, 'reportedAt'> & { reportedAt?: string };

/**
 * Makes a decoder for values stored as JSON: parses, validates with `schema`, returns the value.
 * The decoder throws InvalidValueError (with the JSON or zod error as cause) on bad input.
 */
export function jsonDecoder<T>(schema: z.ZodType<T>, expected: string): (raw: string) => T {
  return (raw) => {
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch (error) {
      throw new InvalidValueError(expected, { cause: error });
    }
    const result = schema.safeParse(json);
    if (!result.success) throw new InvalidValueError(expected, { cause: result.error });
    return result.data;
  };
}

/** Decodes a `nodes/{node_id}` value. Throws InvalidValueError on bad input. */
export const decodeRegisteredNode = jsonDecoder(registeredNodeSchema, 'node registration');

/** Decodes a `load/{node_id}` value. Throws InvalidValueError on bad input. */
export const decodeNodeLoad = jsonDecoder(nodeLoadSchema, 'node load');

/** Decodes a `services/{service}/{instance}` value. Throws InvalidValueError on bad input. */
export const decodeRegisteredService = jsonDecoder(registeredServiceSchema, 'service registration');
