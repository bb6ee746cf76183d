// Original file: proto/ordermesh/v1/control_plane.proto


export interface GetAssignmentRequest {
}

export interface GetAssignmentRequest__Output {
}
