// Original file: proto/ordermesh/v1/control_plane.proto

import type { Stats as _ordermesh_v1_Stats, Stats__Output as _ordermesh_v1_Stats__Output } from '../../ordermesh/v1/Stats.js';

export interface GetStatsResponse {
  'stats'?: (_ordermesh_v1_Stats | null);
}

export interface GetStatsResponse__Output {
  'stats': (_ordermesh_v1_Stats__Output | null);
}
