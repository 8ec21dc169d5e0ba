// A bare Node TCP relay (no WebSocket, no framing): the floor of what any
// Node bridge costs on this machine. Usage: node tcp-relay.ts LISTEN_PORT TARGET_PORT
import { connect, createServer } from 'node:net';

const [listenPort, targetPort] = process.argv.slice(2).map(Number);

createServer((client) => {
  const server = connect({ host: '127.0.0.1', port: targetPort as number, noDelay: true });
  client.setNoDelay(true);
  client.pipe(server);
  server.pipe(client);
  client.on('error', () => server.destroy());
  server.on('error', () => client.destroy());
}).listen(listenPort, '127.0.0.1');
