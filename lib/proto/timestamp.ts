import type { Timestamp__Output } from './generated/google/protobuf/Timestamp.js';

/**
 * A decoded google.protobuf.Timestamp in milliseconds since the epoch; undefined when it is
 * absent or zero (proto3's "unset").
 */
export function timestampMs(t: Pick<Timestamp__Output, 'seconds' | 'nanos'> | null | undefined): number | undefined {
  if (!t) return undefined;
  const ms = Number(t.seconds) * 1000 + Math.floor(t.nanos / 1e6);
  return ms > 0 ? ms : undefined;
}
