// Original file: proto/ordermesh/v1/control_plane.proto


export interface LeaseInfo {
  /**
   * The etcd lease id, in hex.
   */
  'id'?: (string);
  /**
   * Seconds the lease lives without a keepalive.
   */
  'ttlS'?: (number);
}

export interface LeaseInfo__Output {
  /**
   * The etcd lease id, in hex.
   */
  'id': (string);
  /**
   * Seconds the lease lives without a keepalive.
   */
  'ttlS': (number);
}
