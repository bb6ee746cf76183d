// Original file: proto/ordermesh/v1/fulfillment.proto


export interface GetReportRequest {
}

export interface GetReportRequest__Output {
}
