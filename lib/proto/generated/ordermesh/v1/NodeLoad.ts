// Original file: proto/ordermesh/v1/node.proto


/**
 * A node's load, as it reports it to etcd about once a second.
 */
export interface NodeLoad {
  /**
   * RPCs being served right now.
   */
  'inFlight'?: (number);
  /**
   * RPCs completed per second over the last few seconds.
   */
  'ratePerS'?: (number | string);
  /**
   * Latency of the RPCs completed over the last few seconds, in milliseconds.
   */
  'p50Ms'?: (number | string);
  'p99Ms'?: (number | string);
}

/**
 * A node's load, as it reports it to etcd about once a second.
 */
export interface NodeLoad__Output {
  /**
   * RPCs being served right now.
   */
  'inFlight': (number);
  /**
   * RPCs completed per second over the last few seconds.
   */
  'ratePerS': (number);
  /**
   * Latency of the RPCs completed over the last few seconds, in milliseconds.
   */
  'p50Ms': (number);
  'p99Ms': (number);
}
