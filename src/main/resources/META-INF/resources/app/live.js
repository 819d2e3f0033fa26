// The homes' live activity sockets (/ws/homes/{id}/activity, authenticated by the session cookie). Reconnects with a
// growing pause when a socket drops (a node restart, a network change), so a screen stays live without a reload.
import { openSocket } from '/assets/ws.js';

const MAX_PAUSE_MS = 15000;

/** Calls `onFrame(frame, homeId)` for every frame of every home; returns a function that closes them all. */
export function watchHomes(homeIds, onFrame, onState = () => {}) {
  let stopped = false;
  const sockets = new Map();
  const connect = (homeId, pause) => {
    if (stopped) return;
    const socket = openSocket(`/ws/homes/${homeId}/activity`);
    sockets.set(homeId, socket);
    socket.addEventListener('open', () => { pause = 500; onState('open', homeId); });
    socket.addEventListener('message', (message) => {
      let frame;
      try {
        frame = JSON.parse(message.data);
      } catch {
        return;
      }
      onFrame(frame, homeId);
    });
    socket.addEventListener('close', () => {
      onState('closed', homeId);
      if (!stopped) setTimeout(() => connect(homeId, Math.min(pause * 2, MAX_PAUSE_MS)), pause);
    });
  };
  homeIds.forEach((id) => connect(id, 500));
  return () => {
    stopped = true;
    sockets.forEach((socket) => socket.close(1000));
  };
}
