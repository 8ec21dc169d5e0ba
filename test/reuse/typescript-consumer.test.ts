import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv } from './support/clean-env.ts';
import { useConsumerProject } from './support/consumer-project.ts';
import {
  tsconfigFiles,
  typescriptToolchain,
  writeTypescriptConsumer,
} from './support/typescript-consumer.ts';

const EVERY_PACKAGE = [
  '@helios/build',
  '@helios/images',
  '@helios/init',
  '@helios/kclient',
  '@helios/packages',
];

describe('a TypeScript consumer of every package', () => {
  const project = useConsumerProject(EVERY_PACKAGE, typescriptToolchain());
  beforeAll(() => writeTypescriptConsumer(project().dir));

  it.each(tsconfigFiles)('compiles with %s, every declaration resolved', async (tsconfig) => {
    const result = await project().run('tsc', ['-p', tsconfig]);
    expect(result.all).toBe('');
    expect(result.exitCode).toBe(0);
  });

  it('runs, compiled for node16, against the published packages', async () => {
    const result = await execa(process.execPath, ['out/index.js', 'packages.yaml'], {
      cwd: project().dir,
      env: cleanEnv(),
      extendEnv: false,
      all: true,
      reject: false,
    });
    expect(result.exitCode, result.all).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      lists: [{ group: 'debian', packages: ['curl', 'libva2'] }],
      tag: 'testing-bookworm',
      compose: true,
      gatewayOptions: true,
      initServices: ['xvnc'],
      errors: true,
    });
  });
});
