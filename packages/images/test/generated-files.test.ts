import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { composeFile } from '../src/compose-file.ts';
import { getDistro } from '../src/distro-matrix.ts';
import { kubernetesManifests } from '../src/kubernetes-manifests.ts';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const regenerate =
  'Regenerate with: node packages/build/dist/cli.js compose bookworm > docker/compose.yml (and k8s > docker/k8s/helios-bookworm.yaml)';

describe('the compose and Kubernetes files in docker/', () => {
  it('docker/compose.yml is what composeFile gives for bookworm', () => {
    expect(readFileSync(join(repoRoot, 'docker/compose.yml'), 'utf8'), regenerate).toBe(
      composeFile(getDistro('bookworm')),
    );
  });

  it('docker/k8s/helios-bookworm.yaml is what kubernetesManifests gives for bookworm', () => {
    expect(readFileSync(join(repoRoot, 'docker/k8s/helios-bookworm.yaml'), 'utf8'), regenerate).toBe(
      kubernetesManifests(getDistro('bookworm')),
    );
  });
});
