/** The slice of the gateway's (pino) logger the audio path uses; tests pass a fake. */
export interface AudioLog {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}
