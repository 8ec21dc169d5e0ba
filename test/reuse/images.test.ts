import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { cleanEnv } from './support/clean-env.ts';
import { useConsumerProject } from './support/consumer-project.ts';

// A consumer's own script, plain JavaScript, importing the registry copy.
const SCRIPT = `import { distros, getDistro, imageTag } from '@helios/images';
console.log(JSON.stringify({
  codenames: distros.map((distro) => distro.codename),
  family: getDistro('bookworm').family,
  tag: imageTag(getDistro('bookworm'), { kind: 'release', version: '1.2.3' }),
}));
`;

describe('@helios/images installed from the registry', () => {
  const project = useConsumerProject(['@helios/images']);

  it('gives a script the distro matrix and the image tags', async () => {
    const { dir } = project();
    writeFileSync(join(dir, 'matrix.js'), SCRIPT);
    const result = await execa(process.execPath, ['matrix.js'], {
      cwd: dir,
      env: cleanEnv(),
      extendEnv: false,
      all: true,
      reject: false,
    });
    expect(result.exitCode, result.all).toBe(0);
    const printed = JSON.parse(result.stdout);
    expect(printed.codenames).toEqual(expect.arrayContaining(['bookworm', 'trixie', 'sid']));
    expect(printed.family).toBe('debian');
    expect(printed.tag).toBe('v1.2.3-bookworm');
  });
});
