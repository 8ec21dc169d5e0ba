import { load, loadAll } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { composeFile } from './compose-file.ts';
import { getDistro } from './distro-matrix.ts';
import { kubernetesManifests } from './kubernetes-manifests.ts';

const bookworm = getDistro('bookworm');

interface ComposeService {
  image: string;
  environment: Record<string, string>;
  ports: string[];
  healthcheck: { test: string[] };
  volumes: string[];
}

describe('composeFile', () => {
  it('runs the distro image with the user contract environment on the web port', () => {
    const doc = load(composeFile(bookworm, { user: 'ada', uid: 1234, port: 3300 })) as {
      services: { desktop: ComposeService };
    };
    const service = doc.services.desktop;
    expect(service.image).toBe('helios:bookworm');
    expect(service.environment).toEqual({
      USER: 'ada',
      UID: '1234',
      HTTP_PORT: '3300',
      PREFIX: '/',
      IDLE_TIME: '30',
    });
    expect(service.ports).toEqual(['3300:3300']);
    expect(service.volumes).toEqual(['home:/home/ada']);
    expect(service.healthcheck.test).toEqual(['CMD', 'helios-init', 'status']);
  });

  it('refuses a prefix without its slashes, naming the rule', () => {
    expect(() => composeFile(bookworm, { prefix: 'desk' })).toThrow('a path that starts and ends with /');
  });
});

describe('kubernetesManifests', () => {
  const docs = loadAll(
    kubernetesManifests(bookworm, { prefix: '/desk/', image: 'registry.example/helios:v1.0.0-bookworm' }),
  ) as Array<{
    kind: string;
    spec: Record<string, unknown>;
  }>;

  it('gives a claim for the home, one Recreate deployment and a service', () => {
    expect(docs.map((doc) => doc.kind)).toEqual(['PersistentVolumeClaim', 'Deployment', 'Service']);
    expect(docs[1]?.spec).toMatchObject({ replicas: 1, strategy: { type: 'Recreate' } });
  });

  it('probes readiness on {PREFIX}probe and liveness on /health, and mounts /dev/shm as memory', () => {
    const deployment = docs[1] as unknown as {
      spec: { template: { spec: { containers: Array<Record<string, unknown>> } } };
    };
    const pod = deployment.spec.template.spec;
    const container = pod.containers[0] as {
      image: string;
      readinessProbe: { httpGet: { path: string } };
      livenessProbe: { httpGet: { path: string } };
      volumeMounts: Array<{ mountPath: string }>;
    };
    expect(container.image).toBe('registry.example/helios:v1.0.0-bookworm');
    expect(container.readinessProbe.httpGet.path).toBe('/desk/probe');
    expect(container.livenessProbe.httpGet.path).toBe('/health');
    expect(container.volumeMounts.map((m) => m.mountPath)).toEqual(['/home/helios', '/dev/shm']);
  });
});
