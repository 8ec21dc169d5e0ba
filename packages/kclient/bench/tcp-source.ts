// The loopback TCP source both bridges forward: a "blast" port that sends
// BYTES bytes as fast as the reader takes them and then closes, and an
// "echo" port. Runs as its own process so its CPU is not the bridges'.
import { createServer } from 'node:net';

const total = Number(process.argv[2] ?? 256 * 1024 * 1024);
const block = Buffer.alloc(1 << 20);
for (let i = 0; i < block.length; i++) block[i] = i & 0xff;

const blast = createServer((socket) => {
  socket.setNoDelay(true);
  socket.on('error', () => {});
  socket.resume(); // input (a fake RFB greeting) is ignored
  let sent = 0;
  const pump = () => {
    while (sent < total) {
      const n = Math.min(block.length, total - sent);
      sent += n;
      if (!socket.write(n === block.length ? block : block.subarray(0, n))) {
        socket.once('drain', pump);
        return;
      }
    }
    socket.end();
  };
  pump();
});

const echo = createServer((socket) => {
  socket.setNoDelay(true);
  socket.on('error', () => {});
  socket.pipe(socket);
});

blast.listen(0, '127.0.0.1', () => {
  echo.listen(0, '127.0.0.1', () => {
    const port = (server: typeof blast) => (server.address() as { port: number }).port;
    process.stdout.write(`${JSON.stringify({ blast: port(blast), echo: port(echo) })}\n`);
  });
});
