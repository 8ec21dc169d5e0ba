import { describe, expect, it } from 'vitest';
import { makeSnapshot } from './state-snapshot.ts';
import { renderStatus } from './status-report.ts';

describe('renderStatus', () => {
  it('prints readiness and one aligned row per service', () => {
    const snapshot = makeSnapshot(
      [
        [
          'xvnc',
          {
            state: 'ready',
            pid: 42,
            restarts: 0,
            since: '2026-01-01T00:00:00.000Z',
            critical: true,
            gatesReady: true,
          },
        ],
        [
          'pulseaudio',
          {
            state: 'backoff',
            pid: null,
            restarts: 3,
            since: '2026-01-01T00:59:30.000Z',
            critical: false,
            gatesReady: false,
          },
        ],
      ],
      new Date('2026-01-01T01:00:00.000Z'),
    );
    expect(renderStatus(snapshot, new Date('2026-01-01T01:00:00.000Z'))).toBe(
      [
        'ready: yes (updated 2026-01-01T01:00:00.000Z)',
        'SERVICE     STATE    PID  RESTARTS  UPTIME  CRITICAL',
        'xvnc        ready    42   0         1h00m   yes',
        'pulseaudio  backoff  -    3         30s     no',
        '',
      ].join('\n'),
    );
  });
});

describe('makeSnapshot', () => {
  it('is ready only while every gating service is ready', () => {
    const status = (state: 'ready' | 'starting', gatesReady: boolean) =>
      ({ state, pid: 1, restarts: 0, since: '', critical: false, gatesReady }) as const;
    const now = new Date(0);
    expect(
      makeSnapshot(
        [
          ['a', status('ready', true)],
          ['b', status('starting', false)],
        ],
        now,
      ).ready,
    ).toBe(true);
    expect(
      makeSnapshot(
        [
          ['a', status('ready', true)],
          ['b', status('starting', true)],
        ],
        now,
      ).ready,
    ).toBe(false);
    expect(makeSnapshot([], now).ready).toBe(false);
  });
});
