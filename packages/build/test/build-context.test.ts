import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getDistro } from '@helios/images';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { assembleContext } from '../src/build-context.ts';

const realRepo = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

describe('assembleContext', () => {
  let repo: string;
  let context: string;
  const file = (path: string, text = 'x\n') => {
    mkdirSync(dirname(join(repo, path)), { recursive: true });
    writeFileSync(join(repo, path), text);
  };

  beforeEach(() => {
    const work = mkdtempSync(join(tmpdir(), 'helios-context-'));
    repo = join(work, 'repo');
    context = join(work, 'context');
    // The real Dockerfile, package map and build scripts; stand-in bundles.
    for (const path of ['docker', 'common', 'families/apt', 'native/video-encoder']) {
      cpSync(join(realRepo, path), join(repo, path), { recursive: true });
    }
    file('packages/init/package.json', '{}\n');
    file('packages/kclient/package.json', '{}\n');
    file('packages/init/dist/bundle/helios-init.mjs', '// init\n');
    file('packages/kclient/dist/bundle/helios-kclient.mjs', '// kclient\n');
    file('packages/kclient/dist/client/index.html', '<!doctype html>\n');
    file('fake-node', '#!/bin/sh\n');
  });
  afterEach(() => rmSync(dirname(repo), { recursive: true, force: true }));

  const assemble = () =>
    assembleContext(getDistro('bookworm'), {
      repoRoot: repo,
      contextDir: context,
      nodeBinary: join(repo, 'fake-node'),
    });

  it('holds the Dockerfile, the family list, the stage runner, the overlays and the bundles', async () => {
    file('distros/bookworm/root/etc/distro-file', 'distro\n');
    file('common/root/etc/distro-file', 'common\n');
    await assemble();
    expect(readFileSync(join(context, 'Dockerfile'), 'utf8')).toContain(
      'ENTRYPOINT ["/usr/local/bin/node", "/opt/helios/init/helios-init.mjs"]',
    );
    const list = readFileSync(join(context, 'lists', 'debian.list'), 'utf8');
    expect(list.trim().split(' ')).toContain('xfce4-session');
    expect(existsSync(join(context, 'lists', 'rhel.list'))).toBe(false);
    expect(statSync(join(context, 'stages', 'run-stages.sh')).mode & 0o111).not.toBe(0);
    expect(readFileSync(join(context, 'stages', 'distro', 'deps.sh'), 'utf8')).toContain('apt-get install');
    // The distro overlay is applied over the common one.
    expect(readFileSync(join(context, 'root', 'etc', 'distro-file'), 'utf8')).toBe('distro\n');
    expect(readFileSync(join(context, 'root', 'etc', 'helios', 'release'), 'utf8')).toBe(
      'HELIOS_DISTRO=bookworm\nHELIOS_FAMILY=debian\n',
    );
    expect(existsSync(join(context, 'app', 'init', 'helios-init.mjs'))).toBe(true);
    expect(existsSync(join(context, 'app', 'kclient', 'client', 'index.html'))).toBe(true);
    expect(existsSync(join(context, 'runtime', 'node'))).toBe(true);
    expect(existsSync(join(context, 'video-encoder', 'build.sh'))).toBe(true);
  });

  it('gives byte-identical OS inputs when run twice, so Docker reuses the OS layers', async () => {
    await assemble();
    const first = ['lists/debian.list', 'stages/run-stages.sh'].map((p) =>
      readFileSync(join(context, p), 'utf8'),
    );
    file('packages/kclient/dist/bundle/helios-kclient.mjs', '// kclient changed\n');
    await assemble();
    const second = ['lists/debian.list', 'stages/run-stages.sh'].map((p) =>
      readFileSync(join(context, p), 'utf8'),
    );
    expect(second).toEqual(first);
  });

  it('refuses to assemble without the runtime bundles, saying how to build them', async () => {
    rmSync(join(repo, 'packages/kclient/dist'), { recursive: true });
    await expect(assemble()).rejects.toThrow(
      `${join(repo, 'packages/kclient/dist/bundle/helios-kclient.mjs')} is missing: @helios/kclient is not built. Run "pnpm turbo build" first.`,
    );
  });

  it('takes the runtime bundles from the installed packages outside a checkout', async () => {
    rmSync(join(repo, 'packages'), { recursive: true });
    await assemble();
    for (const [pkg, bundle] of [
      ['init', 'app/init/helios-init.mjs'],
      ['kclient', 'app/kclient/helios-kclient.mjs'],
    ] as const) {
      const installed = join(realRepo, 'packages', pkg, 'dist', 'bundle', bundle.split('/').pop() as string);
      expect(readFileSync(join(context, bundle))).toEqual(readFileSync(installed));
    }
    expect(existsSync(join(context, 'app', 'kclient', 'client', 'index.html'))).toBe(true);
  });

  it("gives an arm64 image the arm64 Node and koffi module, and amd64 the bundle's own koffi", async () => {
    file('packages/init/dist/bundle/koffi.node', 'x64 koffi\n');
    file('arm64-koffi.node', 'arm64 koffi\n');
    const options = { repoRoot: repo, contextDir: context, nodeBinary: join(repo, 'fake-node') };
    await assembleContext(getDistro('bookworm'), { ...options, arch: 'amd64' });
    expect(readFileSync(join(context, 'app/init/koffi.node'), 'utf8')).toBe('x64 koffi\n');
    await assembleContext(getDistro('bookworm'), {
      ...options,
      arch: 'arm64',
      koffiNative: join(repo, 'arm64-koffi.node'),
    });
    expect(readFileSync(join(context, 'app/init/koffi.node'), 'utf8')).toBe('arm64 koffi\n');
  });

  it('refuses to assemble when a required stage script is missing', async () => {
    rmSync(join(repo, 'families/apt/build/cleanup.sh'));
    await expect(assemble()).rejects.toThrow(
      'Cannot plan the build of bookworm: required stage scripts are missing: distro-cleanup (add families/apt/build/cleanup.sh, shared by every apt distro, or distros/bookworm/build/cleanup.sh for bookworm only).',
    );
  });
});
