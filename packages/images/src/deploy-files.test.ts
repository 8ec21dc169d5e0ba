import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { composeFile } from './compose-file.ts';
import { DEFAULT_HTTP_PORT } from './deploy-options.ts';
import { getDistro } from './distro-matrix.ts';
import { kubernetesManifests } from './kubernetes-manifests.ts';

const bookworm = getDistro('bookworm');
/** Every document of a multi-document YAML text, as plain values; throws on the first syntax error. */
const loadAll = (text: string): unknown[] =>
  parseAllDocuments(text).map((doc) => {
    if (doc.errors[0]) throw doc.errors[0];
    return doc.toJS();
  });

interface ComposeService {
  image: string;
  environment: Record<string, string>;
  ports: string[];
  healthcheck: { test: string[] };
  volumes: string[];
}

describe('composeFile', () => {
  it('runs the distro image with the user contract environment on the web port', () => {
    const doc = parse(composeFile(bookworm, { user: 'ada', uid: 1234, port: 3300 })) as {
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
    expect(service.ports).toEqual(['3300:3300', '3301:3301']);
    expect(service.volumes).toEqual(['home:/home/ada']);
    expect(service.healthcheck.test).toEqual(['CMD', 'helios-init', 'status']);
  });

  it('publishes the default web port and the HTTPS port above it unless told otherwise', () => {
    const doc = parse(composeFile(bookworm)) as { services: { desktop: ComposeService } };
    const https = DEFAULT_HTTP_PORT + 1;
    expect(doc.services.desktop.ports).toEqual([
      `${DEFAULT_HTTP_PORT}:${DEFAULT_HTTP_PORT}`,
      `${https}:${https}`,
    ]);
    expect(doc.services.desktop.environment.HTTP_PORT).toBe(String(DEFAULT_HTTP_PORT));
  });

  it('quotes what a YAML 1.1 reader would take for a number or a boolean', () => {
    const text = composeFile(bookworm, { port: 22, env: { HELIOS_VIEW_ONLY: 'yes', MODE: '0400' } });
    const doc = parse(text, { version: '1.1' }) as { services: { desktop: ComposeService } };
    expect(doc.services.desktop.ports).toEqual(['22:22', '23:23']);
    expect(doc.services.desktop.environment).toMatchObject({ HELIOS_VIEW_ONLY: 'yes', MODE: '0400' });
    expect(text).toContain('- "22:22"\n');
    expect(text).toContain('HELIOS_VIEW_ONLY: "yes"\n');
  });

  it('publishes no HTTPS port when the web port is the last one (the gateway has no default then)', () => {
    const doc = parse(composeFile(bookworm, { port: 65_535 })) as { services: { desktop: ComposeService } };
    expect(doc.services.desktop.ports).toEqual(['65535:65535']);
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

  it('serves HTTP and, one port above, the HTTPS the gateway starts by default', () => {
    const service = docs[2] as unknown as { spec: { ports: Array<{ name: string; port: number }> } };
    expect(service.spec.ports.map(({ name, port }) => `${name}:${port}`)).toEqual([
      'http:3000',
      'https:3001',
    ]);
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

describe('gateway options in deploy files', () => {
  it('compose: token auth comes from a mounted secret file, never a plain variable', () => {
    const text = composeFile(bookworm, { auth: 'token' });
    const doc = parse(text) as {
      services: { desktop: ComposeService & { secrets: string[] } };
      secrets: Record<string, { file: string }>;
    };
    expect(doc.services.desktop.environment.HELIOS_AUTH_TOKEN_FILE).toBe('/run/secrets/helios_auth');
    expect(doc.services.desktop.environment).not.toHaveProperty('HELIOS_AUTH_TOKEN');
    expect(doc.services.desktop.secrets).toEqual(['helios_auth']);
    expect(doc.secrets).toEqual({ helios_auth: { file: './helios_auth.txt' } });
    expect(text).toMatch(/^# First put the token in \.\/helios_auth\.txt/m);
  });

  it('compose: basic auth names the user and mounts the password', () => {
    const doc = parse(composeFile(bookworm, { auth: 'basic', user: 'ada' })) as {
      services: { desktop: ComposeService };
    };
    expect(doc.services.desktop.environment).toMatchObject({
      HELIOS_AUTH_USER: 'ada',
      HELIOS_AUTH_PASSWORD_FILE: '/run/secrets/helios_auth',
    });
  });

  it('passes other gateway options through as variables', () => {
    const doc = parse(
      composeFile(bookworm, {
        env: { HELIOS_ALLOWED_ORIGINS: 'https://portal.example', HELIOS_VIEW_ONLY: '1' },
      }),
    ) as { services: { desktop: ComposeService } };
    expect(doc.services.desktop.environment).toMatchObject({
      HELIOS_ALLOWED_ORIGINS: 'https://portal.example',
      HELIOS_VIEW_ONLY: '1',
    });
  });

  it('refuses a secret given as a plain variable, saying where secrets go', () => {
    expect(() => composeFile(bookworm, { env: { HELIOS_AUTH_TOKEN: 's3cret' } })).toThrow(
      'no secret as a plain variable: use --auth token|basic, which mounts it from a file',
    );
  });

  it('k8s: token auth mounts a Secret readable by root only and points the gateway at it', () => {
    const text = kubernetesManifests(bookworm, { auth: 'token' });
    const deployment = (loadAll(text) as Array<Record<string, unknown>>)[1] as {
      spec: {
        template: {
          spec: {
            containers: Array<{
              env: Array<{ name: string; value: string }>;
              volumeMounts: Array<{ name: string; mountPath: string; readOnly?: boolean }>;
            }>;
            volumes: Array<{ name: string; secret?: { secretName: string; defaultMode: number } }>;
          };
        };
      };
    };
    const pod = deployment.spec.template.spec;
    expect(pod.containers[0]?.env).toContainEqual({
      name: 'HELIOS_AUTH_TOKEN_FILE',
      value: '/run/secrets/helios/secret',
    });
    expect(pod.containers[0]?.volumeMounts).toContainEqual({
      name: 'auth',
      mountPath: '/run/secrets/helios',
      readOnly: true,
    });
    expect(pod.volumes).toContainEqual({
      name: 'auth',
      secret: { secretName: 'helios-bookworm-auth', defaultMode: 0o400 },
    });
    expect(text).toMatch(
      /^# First create the token: kubectl create secret generic helios-bookworm-auth --from-file=secret=<file>$/m,
    );
  });
});
