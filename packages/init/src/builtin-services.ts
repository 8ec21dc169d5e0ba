import type { ServiceContext } from './service-context.ts';
import { DEFAULT_RESTART, type ServiceSpec } from './service-spec.ts';

/**
 * The built-in service table, in boot order. Each entry can be changed or
 * disabled from the config file; nothing about these services lives anywhere
 * else.
 */
export function builtinServices(ctx: ServiceContext): readonly ServiceSpec[] {
  const displayNumber = ctx.display.slice(1);
  const table: ServiceSpec[] = [
    {
      name: 'pulseaudio',
      // -n skips default.pa, whose hardware detection only produces noise in a
      // container; the null sink is the default output and its monitor is what
      // kclient streams. The remapped source is a virtual microphone. Loaded
      // first, `helios` is the default sink and the remapped source (not a
      // monitor) the default source. Both sinks run at 48 kHz, the rate kclient
      // captures and plays at, so neither direction resamples.
      command: [
        'pulseaudio',
        '--daemonize=no',
        '--exit-idle-time=-1',
        '-n',
        // No cookie: the socket sits in the user's 0700 runtime directory,
        // which is the access control; a cookie in HOME would keep audio off
        // whenever HOME is full or read-only (issue 18's hostile cases).
        '--load=module-native-protocol-unix auth-cookie-enabled=0 auth-anonymous=1',
        '--load=module-null-sink sink_name=helios rate=48000 sink_properties=device.description=Helios',
        '--load=module-null-sink sink_name=helios_mic rate=48000 sink_properties=device.description=Microphone',
        '--load=module-remap-source master=helios_mic.monitor source_name=helios_mic_source',
        // Real-time scheduling goes through rtkit on the system bus, which containers lack.
        '--realtime=no',
        '--high-priority=no',
      ],
      runAs: 'user',
      // With a DISPLAY, libdbus autolaunches a private bus daemon through X.
      env: { DISPLAY: '' },
      dependsOn: [],
      bindsTo: [],
      // Audio is a nicety: the desktop must work without it.
      critical: false,
      gatesReady: false,
      readiness: { kind: 'command', command: ['pactl', 'info'] },
      readinessTimeoutMs: 10_000,
      stopSignal: 'SIGTERM',
      stopTimeoutMs: 1_000,
      cleanPaths: [],
      restart: DEFAULT_RESTART,
    },
    {
      name: 'xvnc',
      command: [
        'Xvnc',
        ctx.display,
        '-geometry',
        '1280x800',
        '-depth',
        '24',
        '-desktop',
        ctx.title,
        // noVNC cannot use the default security types.
        '-SecurityTypes',
        'None',
        // VNC on a private unix socket only; kclient is the one way in.
        '-rfbport',
        '-1',
        '-rfbunixpath',
        ctx.vncSocket,
        '-rfbunixmode',
        '0600',
        // No TCP and no abstract socket: with --network host two containers
        // would otherwise fight over @/tmp/.X11-unix/X1.
        '-nolisten',
        'tcp',
        '-nolisten',
        'local',
        '-AlwaysShared',
        '-AcceptSetDesktopSize',
        // A change after a quiet moment waits half a frame before Xvnc sends
        // it, so the rate bounds key-to-photon as well as motion (HELIOS_FRAME_RATE).
        '-FrameRate',
        String(ctx.frameRate),
        // Every client arrives from the same unix socket: Xvnc's blacklist
        // would lock all viewers out after a few dropped handshakes (readiness
        // probes, closed tabs). Access control is the gateway's job.
        '-UseBlacklist=0',
      ],
      runAs: 'user',
      env: {},
      dependsOn: [],
      bindsTo: [],
      critical: true,
      gatesReady: true,
      readiness: {
        kind: 'all',
        checks: [
          { kind: 'x-display', display: ctx.display },
          { kind: 'rfb', path: ctx.vncSocket },
        ],
      },
      readinessTimeoutMs: 10_000,
      stopSignal: 'SIGTERM',
      stopTimeoutMs: 2_000,
      // A crashed Xvnc leaves these behind and refuses to start over them.
      cleanPaths: [`/tmp/.X${displayNumber}-lock`, `/tmp/.X11-unix/X${displayNumber}`, ctx.vncSocket],
      restart: DEFAULT_RESTART,
    },
    {
      name: 'desktop',
      // dbus-run-session keeps the bus daemon (and what it activates, xfconfd)
      // in the service's process group, which init kills when the session ends;
      // dbus-launch --fork let each crashed session leak them (issue 18's chaos run).
      command: ['dbus-run-session', '--', 'xfce4-session'],
      runAs: 'user',
      env: {},
      dependsOn: ['xvnc'],
      // The session dies with its X server; restart it once X is back.
      bindsTo: ['xvnc'],
      critical: false,
      gatesReady: true,
      readiness: {
        kind: 'command',
        command: ['xprop', '-display', ctx.display, '-root', '_NET_SUPPORTING_WM_CHECK'],
        stdoutMatch: 'window id #',
      },
      readinessTimeoutMs: 30_000,
      stopSignal: 'SIGTERM',
      stopTimeoutMs: 2_000,
      cleanPaths: [],
      restart: DEFAULT_RESTART,
    },
    {
      name: 'kclient',
      command: [ctx.nodeBinary, ctx.kclientBundle],
      runAs: 'user',
      // The operator's gateway options first; the layout's own values win.
      env: {
        ...ctx.gatewayEnv,
        HELIOS_VNC: `unix:${ctx.vncSocket}`,
        HELIOS_STATE_FILE: ctx.stateFile,
        HELIOS_ACTIVITY_FILE: ctx.activityFile,
        HTTP_PORT: String(ctx.httpPort),
        PREFIX: ctx.prefix,
        TITLE: ctx.title,
      },
      // Started with Xvnc, not after it: the gateway needs ~250 ms of CPU to
      // listen, and serving the page while X and the desktop start takes that
      // off the way to the first frame. Viewers that connect before Xvnc is
      // ready are retried by the page (/health says 503 until then).
      dependsOn: [],
      bindsTo: [],
      critical: true,
      gatesReady: true,
      readiness: { kind: 'tcp', host: '127.0.0.1', port: ctx.httpPort },
      readinessTimeoutMs: 15_000,
      stopSignal: 'SIGTERM',
      stopTimeoutMs: 2_000,
      cleanPaths: [],
      restart: DEFAULT_RESTART,
    },
  ];
  return Object.freeze(table.map((spec) => Object.freeze(spec)));
}
