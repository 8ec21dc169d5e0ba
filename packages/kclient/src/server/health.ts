import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import type { VncAddress } from './config/vnc-address.ts';
import type { HandshakeGate } from './handshake-gate.ts';
import { probeVnc } from './vnc-probe.ts';

/** Answer of a health check. */
export interface Health {
  readonly ready: boolean;
  /** Why, in a few words, for humans reading `/health`. */
  readonly reason: string;
}

/** The part of init's `state.json` the gateway relies on; the rest is init's business. */
const stateSchema = z.looseObject({ version: z.literal(1), ready: z.boolean() });

/** Reads readiness from init's state file (runtime contract). Missing or unreadable means not ready. */
export async function healthFromStateFile(file: string): Promise<Health> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    return {
      ready: false,
      reason: `state file unreadable: ${(error as NodeJS.ErrnoException).code ?? error}`,
    };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ready: false, reason: 'state file is not JSON' };
  }
  const state = stateSchema.safeParse(json);
  if (!state.success) return { ready: false, reason: 'state file lacks version 1 and a boolean "ready"' };
  return state.data.ready ? { ready: true, reason: 'ready' } : { ready: false, reason: 'desktop not ready' };
}

/**
 * Standalone readiness: the VNC server accepts an RFB connection. Answers
 * are shared for `cacheMs`, so a burst of health checks makes one probe.
 *
 * @param cacheMs @default 2000
 */
export function createVncHealth(
  address: VncAddress,
  gate: HandshakeGate,
  cacheMs = 2000,
): () => Promise<Health> {
  let last: { at: number; health: Promise<Health> } | undefined;
  return () => {
    const now = Date.now();
    if (last === undefined || now - last.at >= cacheMs) {
      last = {
        at: now,
        health: probeVnc(address, gate).then(({ ok, detail }) => ({ ready: ok, reason: detail })),
      };
    }
    return last.health;
  };
}
