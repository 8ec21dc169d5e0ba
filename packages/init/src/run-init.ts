import { builtinServices } from './builtin-services.ts';
import { loadConfig } from './config-file.ts';
import { linkDesktopFiles } from './desktop-files.ts';
import { parseEnvironment } from './environment.ts';
import { HookError, InitError, ServiceFailedError } from './errors.ts';
import { EXIT_CODES, exitCodeForError, exitCodeForSignal } from './exit-codes.ts';
import { planGatewayEnv, withoutGatewaySecrets } from './gateway-env.ts';
import { readGatewaySecrets, writeGatewaySecrets } from './gateway-secrets.ts';
import { warnIfHomeFull } from './home-folder.ts';
import { folderScripts, initHooks } from './hook-discovery.ts';
import { describeHookResult } from './hook-runner.ts';
import { runHookSequence } from './hook-sequence.ts';
import { startIdleHooks } from './idle-hooks.ts';
import { makeLogger, type Write } from './logger.ts';
import { loadNativeLibc } from './native-libc.ts';
import { plainSink, streamSink } from './output-sink.ts';
import { userEntryEnv } from './privilege-plan.ts';
import { ProcessLauncher } from './process-launcher.ts';
import { sweepDescendants } from './process-tree.ts';
import { makeProber } from './readiness-probes.ts';
import { applyRestrictedPlan, planRestricted, runningIds } from './restricted-setup.ts';
import { checkRuntimeDirsWritable, prepareRuntimeDirs, runtimeDirs } from './runtime-dirs.ts';
import { INIT_VARIABLES, parseRuntimeEnv, type RuntimeEnv } from './runtime-env.ts';
import { makeServiceContext, templateValues } from './service-context.ts';
import { planServices } from './service-plan.ts';
import { folderServices } from './services-folder.ts';
import { writeStateFile } from './state-file.ts';
import { makeSnapshot } from './state-snapshot.ts';
import { type StopReason, StopRequest } from './stop-request.ts';
import { Supervisor } from './supervisor.ts';
import { setupUser, type UserAccount } from './user-setup.ts';
import { ZombieReaper } from './zombie-reaper.ts';

/** Options of {@link runInit}; the defaults are the real process. */
export interface RunInitOptions {
  /** The container environment. @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /**
   * Where logs and service output go. A function given here is never waited
   * for; with process.stdout, sources wait while it is backed up.
   * @default process.stdout
   */
  readonly write?: Write;
  /** Where the fatal error goes. @default process.stderr */
  readonly writeError?: Write;
}

/** How long leftover processes get between SIGTERM and SIGKILL once the services stopped. */
const SWEEP_GRACE_MS = 500;

/**
 * helios-init as PID 1: validate, run init hooks, set up the user, supervise
 * the services, and on SIGTERM stop everything in order. Resolves with the
 * exit code; only the CLI turns it into `process.exit`.
 */
export async function runInit(options: RunInitOptions = {}): Promise<number> {
  const env = options.env ?? process.env;
  // Hooks never see the gateway's secrets (their *_FILE mounts stay).
  let hookEnv = withoutGatewaySecrets(env);
  // The real stdout makes floods wait for the log reader; an embedder's function is taken as it is.
  const output = options.write ? plainSink(options.write) : streamSink(process.stdout);
  const write = output.write;
  const writeError = options.writeError ?? ((text: string) => void process.stderr.write(text));
  const log = makeLogger(write);
  const stop = new StopRequest();
  let supervisor: Supervisor | undefined;
  let reaper: ZombieReaper | undefined;
  let forcedBy: NodeJS.Signals | undefined;
  let publish: () => void = () => {};
  let stopIdle: () => void = () => {};

  // 1. Listen for stop signals first: a Node PID 1 without handlers ignores SIGTERM.
  stop.listen();
  stop.onForce((signal) => {
    // 1a. A second signal means "now": kill every group and stop waiting.
    if (forcedBy) return;
    forcedBy = signal;
    log(`${signal} again: forcing the stop`);
    supervisor?.killAll();
  });
  process.umask(0o022);

  try {
    // 2. Validate the environment and the config file before touching anything.
    //    Not root means restricted mode: the desktop user is the running uid.
    const running = runningIds();
    const { user, runtime } = parseEnvironment(env, running);
    const config = loadConfig(runtime.configFile);
    // 2b. The gateway's options; its secrets are read now, while init is root.
    const gateway = planGatewayEnv(env, INIT_VARIABLES);
    const secrets = readGatewaySecrets(gateway.secrets);

    // 3. Reap orphaned zombies (and become the subreaper when not PID 1).
    const native = loadNativeLibc(runtime.koffiNative);
    if (native instanceof Error) {
      log(`zombie reaping and password checks unavailable: ${native.message}`);
    } else {
      reaper = new ZombieReaper(native, log);
      reaper.start();
    }

    // 3b. Restricted mode: decide from what this uid may write (every problem
    //     at once, before anything is touched), then present the user entry
    //     and make the folders first, so hooks resolve their own name.
    const dirs = runtimeDirs(runtime.runDir, runtime.runtimeRoot, user.uid, user.gid);
    const restricted = planRestricted({
      running,
      user,
      homeRoot: runtime.homeRoot,
      runDir: runtime.runDir,
      runtimeDirs: dirs,
      applicationsDir: runtime.applicationsDir,
      linksDesktopFiles: runtime.desktopFiles.length > 0,
      nssWrapper: runtime.nssWrapper,
    });
    // 3c. As root: a read-only /run stops the boot now, before hooks and user setup.
    if (!restricted) checkRuntimeDirsWritable(dirs);
    let restrictedAccount: UserAccount | undefined;
    let sessionEnv: Record<string, string> = {};
    if (restricted) {
      log(`restricted mode: running as uid ${running.uid}, gid ${running.gid}, without root`);
      for (const step of restricted.skipped) log(`restricted mode skips ${step}`);
      for (const warning of restricted.warnings) log(warning);
      restrictedAccount = applyRestrictedPlan(restricted, { skelDir: runtime.skelDir, log });
      sessionEnv = userEntryEnv(restricted.userEntry, env.LD_PRELOAD);
      hookEnv = { ...hookEnv, HOME: restricted.home, USER: user.name, LOGNAME: user.name, ...sessionEnv };
    }

    // 4. init.d hooks, one at a time, as root (restricted: as the user), with the container's environment.
    const hooks = await runHookSequence(initHooks(runtime.etcDir), {
      timeoutMs: runtime.hookTimeoutMs,
      env: hookEnv,
      output,
      log,
      stopOnFailure: runtime.strictHooks,
      cancelled: () => stop.reason !== undefined,
    });
    if (runtime.strictHooks && hooks.firstFailure) {
      throw new HookError(
        hooks.firstFailure.script.path,
        describeHookResult(hooks.firstFailure, runtime.hookTimeoutMs),
      );
    }
    if (stop.reason) return await finish(stop.reason);

    // 5. The desktop user, its groups and home; then the runtime folders (done in 3b without root).
    const account =
      restrictedAccount ??
      setupUser({
        user,
        homeRoot: runtime.homeRoot,
        skelDir: runtime.skelDir,
        native: native instanceof Error ? undefined : native,
        log,
      });
    if (!restricted) prepareRuntimeDirs(dirs);
    // A full home still boots: the gateway serves and /health tells the truth about the rest.
    warnIfHomeFull(account.home, log);
    const secretFiles = writeGatewaySecrets(
      secrets,
      `${runtime.runtimeRoot}/${user.uid}/secrets`,
      restricted ? undefined : user,
    );
    // 5b. DESKTOP_FILES: launchers installed elsewhere, linked into the menu.
    linkDesktopFiles(runtime.desktopFiles, restricted?.applicationsDir ?? runtime.applicationsDir, log);
    if (stop.reason) return await finish(stop.reason);

    // 6. Plan the services: built-in table, config overrides, services.d.
    const ctx = makeServiceContext(
      user,
      runtime,
      account,
      { ...gateway.forwarded, ...secretFiles },
      { privileged: !restricted, env: sessionEnv },
    );
    const specs = planServices({
      builtins: builtinServices(ctx),
      config,
      extra: folderServices(runtime.etcDir),
      values: templateValues(ctx),
      configFile: runtime.configFile,
    });

    // 7. Supervise: start in dependency order, publish every change to state.json.
    const stateFile = ctx.stateFile;
    let stateBroken = false;
    publish = () => {
      if (!supervisor) return;
      try {
        writeStateFile(stateFile, makeSnapshot(supervisor.statuses(), new Date()));
      } catch (error) {
        if (!stateBroken) log(`cannot write ${stateFile}: ${error instanceof Error ? error.message : error}`);
        stateBroken = true;
      }
    };
    supervisor = new Supervisor(specs, {
      launcher: new ProcessLauncher(ctx, env, output),
      probe: makeProber({ ctx, containerEnv: env }),
      log,
      onChange: () => publish(),
      onFatal: (name, detail) => stop.request({ kind: 'fatal', error: new ServiceFailedError(name, detail) }),
    });
    const names = specs.map((spec) => spec.name).join(', ') || 'no services';
    log(`starting ${names} as ${user.name} (${user.uid}:${user.gid})`);
    supervisor.start();

    // 8. Idle watch: idle.d once per IDLE_TIME without input, re-armed by the next input.
    if (runtime.idleMinutes > 0) {
      stopIdle = startIdleHooks({
        periodMs: runtime.idleMinutes * 60_000,
        activityFile: ctx.activityFile,
        etcDir: runtime.etcDir,
        hookTimeoutMs: runtime.hookTimeoutMs,
        env: hookEnv,
        output,
        log,
      });
    }

    // 9. Run until asked to stop (signal) or a critical service failed.
    return await finish(await stop.requested);
  } catch (error) {
    stop.request({ kind: 'fatal', error: error instanceof Error ? error : new Error(String(error)) });
    return await finish(stop.reason as StopReason);
  }

  /** 10. Stop: shutdown.d hooks, services in reverse order, leftovers; then pick the exit code. */
  async function finish(reason: StopReason): Promise<number> {
    const started = Date.now();
    if (reason.kind === 'fatal') {
      const { error } = reason;
      writeError(`helios-init: ${error instanceof InitError ? `${error.code}: ` : ''}${error.message}\n`);
    }
    log(reason.kind === 'signal' ? `${reason.signal}: stopping` : 'stopping after a fatal error');
    const runtime = safeRuntime(env);
    stopIdle();
    if (supervisor && !forcedBy) {
      await runHookSequence(folderScripts(runtime.etcDir, 'shutdown.d'), {
        timeoutMs: runtime.shutdownHookTimeoutMs,
        env: hookEnv,
        output,
        log,
        cancelled: () => forcedBy !== undefined,
      });
    }
    if (supervisor) {
      const deadline = setTimeout(() => {
        log(`services still running after ${runtime.stopDeadlineMs} ms; killing them`);
        supervisor?.killAll();
      }, runtime.stopDeadlineMs);
      await supervisor.stopAll();
      clearTimeout(deadline);
      publish();
    }
    const swept = await sweepDescendants(forcedBy ? 0 : SWEEP_GRACE_MS);
    // Hooks' background processes and daemons that left their service's group.
    if (swept > 0) log(`ended ${swept} leftover process${swept === 1 ? '' : 'es'} outside the services`);
    reaper?.reapNow();
    reaper?.stop();
    stop.close();
    log(`stopped in ${Date.now() - started} ms`);
    if (forcedBy) return exitCodeForSignal(forcedBy);
    return reason.kind === 'signal' ? EXIT_CODES.OK : exitCodeForError(reason.error);
  }
}

/** Stop settings even when the environment was invalid (then the defaults). */
function safeRuntime(env: Readonly<Record<string, string | undefined>>): RuntimeEnv {
  try {
    return parseRuntimeEnv(env);
  } catch {
    return parseRuntimeEnv({});
  }
}
