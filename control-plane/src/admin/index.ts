export { controlPlaneServiceHandlers, type ControlPlaneServiceDeps } from './control-plane-service.js';
export { isoToTimestamp, toProtoAssignment } from './assignment-proto.js';
