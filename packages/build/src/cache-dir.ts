import { homedir } from 'node:os';
import { join } from 'node:path';

/** The user's Helios cache (`$XDG_CACHE_HOME/helios`, else `~/.cache/helios`): shared by every checkout. */
export function heliosCacheDir(): string {
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'helios');
}
