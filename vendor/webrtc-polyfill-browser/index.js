// codecam only runs simple-peer in browsers, which have WebRTC built in. The real
// webrtc-polyfill pulls node-datachannel, a native module whose install clones
// libdatachannel from GitHub; this stand-in exports the browser's classes instead.
const scope = globalThis;
export const RTCPeerConnection = scope.RTCPeerConnection;
export const RTCSessionDescription = scope.RTCSessionDescription;
export const RTCIceCandidate = scope.RTCIceCandidate;
export const RTCIceTransport = scope.RTCIceTransport;
export const RTCDataChannel = scope.RTCDataChannel;
export default { RTCPeerConnection, RTCSessionDescription, RTCIceCandidate, RTCIceTransport, RTCDataChannel };
