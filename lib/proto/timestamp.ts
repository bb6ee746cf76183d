import type { Timestamp, Timestamp__Output } from './generated/google/protobuf/Timestamp.js';

/**
 * A decoded google.protobuf.Timestamp in milliseconds since the epoch; undefined when it is
 * absent or zero (proto3's "unset").
 */
export function timestampMs(t: Pick<Timestamp__Output, 'seconds' | 'nanos'> | null | undefined): number | undefined {
  if (!t) return undefined;
  const ms = Number(t.seconds) * 1000 + Math.floor(t.nanos / 1e6);
  return ms > 0 ? ms : undefined;
}

/**
 * A time (a Date, or milliseconds since the epoch) as google.protobuf.Timestamp; the inverse of
 * {@link timestampMs}. An invalid time (NaN, an Invalid Date) gives the zero Timestamp, which
 * proto3 reads as unset, rather than NaN fields that would not encode.
 */
export function toTimestamp(time: Date | number): Timestamp & { seconds: number; nanos: number } {
  const ms = typeof time === 'number' ? time : time.getTime();
  if (!Number.isFinite(ms)) return { seconds: 0, nanos: 0 };
  const seconds = Math.floor(ms / 1000);
  return { seconds, nanos: (ms - seconds * 1000) * 1_000_000 };
}
