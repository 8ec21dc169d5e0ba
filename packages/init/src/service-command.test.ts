import { describe, expect, it } from 'vitest';
import { parseRuntimeEnv } from './runtime-env.ts';
import { commandFor, environmentFor, workingDirectoryFor } from './service-command.ts';
import { makeServiceContext } from './service-context.ts';

const user = { name: 'ada', uid: 1234, gid: 2345, password: undefined };
const account = { home: '/home/ada', shell: '/bin/bash', groupIds: [2345, 29] };
const runtime = parseRuntimeEnv({});
const rootCtx = makeServiceContext(user, runtime, account);
const nss = {
  LD_PRELOAD: '/usr/lib/x86_64-linux-gnu/libnss_wrapper.so',
  NSS_WRAPPER_PASSWD: '/run/helios/passwd',
  NSS_WRAPPER_GROUP: '/run/helios/group',
};
const restrictedCtx = makeServiceContext(user, runtime, account, {}, { privileged: false, env: nss });

describe('commandFor', () => {
  it("drops root's privileges to the user with the user's groups", () => {
    expect(commandFor(['Xvnc', ':1'], 'user', rootCtx)).toEqual([
      'setpriv',
      '--reuid=1234',
      '--regid=2345',
      '--groups=2345,29',
      '--',
      'Xvnc',
      ':1',
    ]);
  });

  it('runs the command as it is in restricted mode, where there is nothing to drop', () => {
    expect(commandFor(['Xvnc', ':1'], 'user', restrictedCtx)).toEqual(['Xvnc', ':1']);
    expect(commandFor(['my-service'], 'root', restrictedCtx)).toEqual(['my-service']);
  });
});

describe('environmentFor', () => {
  it('gives every service of restricted mode the session and the nss_wrapper variables, root ones too', () => {
    const env = environmentFor('root', {}, restrictedCtx, { PATH: '/bin', PASSWORD: 'pw', HELIOS_X: '1' });
    expect(env).toEqual({
      PATH: '/bin',
      DISPLAY: ':1',
      HOME: '/home/ada',
      USER: 'ada',
      LOGNAME: 'ada',
      SHELL: '/bin/bash',
      XDG_RUNTIME_DIR: '/run/user/1234',
      ...nss,
    });
    expect(workingDirectoryFor('root', restrictedCtx)).toBe('/home/ada');
  });

  it("gives root services of the root boot root's own variables and no preload", () => {
    const env = environmentFor('root', {}, rootCtx, { PATH: '/bin' });
    expect(env).toEqual({ PATH: '/bin', DISPLAY: ':1', HOME: '/root', USER: 'root', LOGNAME: 'root' });
    expect(workingDirectoryFor('root', rootCtx)).toBe('/');
  });

  it("hands the gateway the file-transfer policy from the container and the user's HOME as its file root", () => {
    // docs/runtime-contract.md: FILE_TRANSFER* are unprefixed, so they travel as every
    // non-HELIOS_* variable does; the gateway confines transfers to HOME.
    const env = environmentFor('user', {}, rootCtx, { FILE_TRANSFER: 'both', FILE_TRANSFER_MAX_MB: '50' });
    expect(env).toMatchObject({ FILE_TRANSFER: 'both', FILE_TRANSFER_MAX_MB: '50', HOME: '/home/ada' });
  });

  it("lets a service's own variables win", () => {
    expect(environmentFor('user', { LD_PRELOAD: '' }, restrictedCtx, {}).LD_PRELOAD).toBe('');
  });
});
