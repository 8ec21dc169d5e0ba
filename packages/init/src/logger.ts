/** Writes to stdout; the one sink of everything helios-init and its services print. */
export type Write = (text: string) => void;

/** In order; to a pipe (Docker) Node writes asynchronously, so floods go through `output-sink.ts`, which waits for the reader. */
const writeStdout: Write = (text) => {
  process.stdout.write(text);
};

/** A logger that prefixes lines with `[helios-init]`, like service output is prefixed with the service name. */
export function makeLogger(write: Write = writeStdout): (message: string) => void {
  return (message) => write(`[helios-init] ${message}\n`);
}
