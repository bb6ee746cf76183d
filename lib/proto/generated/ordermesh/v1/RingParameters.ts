// Original file: proto/ordermesh/v1/control_plane.proto


export interface RingParameters {
  /**
   * Virtual nodes per member.
   */
  'vnodes'?: (number);
  /**
   * Bounded-load factor c: a node takes new orders while its load is under c times the mean.
   */
  'loadBound'?: (number | string);
  /**
   * The hash function over order ids.
   */
  'hash'?: (string);
}

export interface RingParameters__Output {
  /**
   * Virtual nodes per member.
   */
  'vnodes': (number);
  /**
   * Bounded-load factor c: a node takes new orders while its load is under c times the mean.
   */
  'loadBound': (number);
  /**
   * The hash function over order ids.
   */
  'hash': (string);
}
