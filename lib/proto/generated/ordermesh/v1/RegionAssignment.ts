// Original file: proto/ordermesh/v1/control_plane.proto


export interface RegionAssignment {
  'region'?: (string);
  /**
   * Live ACTIVE members in ring order of their ids.
   */
  'members'?: (string)[];
  /**
   * Regions that take this region's orders, in order, when it has no live member.
   */
  'failover'?: (string)[];
}

export interface RegionAssignment__Output {
  'region': (string);
  /**
   * Live ACTIVE members in ring order of their ids.
   */
  'members': (string)[];
  /**
   * Regions that take this region's orders, in order, when it has no live member.
   */
  'failover': (string)[];
}
