// Original file: proto/ordermesh/v1/control_plane.proto


export interface DrainNodeRequest {
  'nodeId'?: (string);
}

export interface DrainNodeRequest__Output {
  'nodeId': (string);
}
