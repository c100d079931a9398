// tests/lib/free-port.mjs — a free TCP port on 127.0.0.1 for a private seamd (the e2e harness
// and the robustness suite).
import net from 'node:net';

export function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}
