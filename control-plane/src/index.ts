export { loadControlPlaneConfig, type ControlPlaneConfig, type ControlPlaneFlags } from './config.js';
export { ControlPlane, type ControlPlaneReady } from './control-plane.js';
export { controlPlaneMain } from './main.js';
