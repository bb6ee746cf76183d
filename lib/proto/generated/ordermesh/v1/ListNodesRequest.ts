// Original file: proto/ordermesh/v1/control_plane.proto


export interface ListNodesRequest {
}

export interface ListNodesRequest__Output {
}
