import { Deployment } from 'kubernetes-models/apps/v1';
import { PersistentVolumeClaim, Service } from 'kubernetes-models/v1';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { composeFile } from './compose-file.ts';
import { getDistro } from './distro-matrix.ts';
import { kubernetesManifests } from './kubernetes-manifests.ts';
import { checkRestrictedPodSecurity, type PodSpecLike } from './pod-security.ts';

const bookworm = getDistro('bookworm');

/** Every document of a multi-document YAML text, read as kubectl reads it (YAML 1.1). */
const loadAll = (text: string): Array<Record<string, unknown>> =>
  parseAllDocuments(text, { version: '1.1' }).map((doc) => {
    if (doc.errors[0]) throw doc.errors[0];
    return doc.toJS() as Record<string, unknown>;
  });

interface DeploymentDoc {
  spec: {
    template: {
      metadata: { annotations?: Record<string, string> };
      spec: PodSpecLike & Record<string, unknown>;
    };
  };
}

const podOf = (text: string) => (loadAll(text)[1] as unknown as DeploymentDoc).spec.template;

/** Validates each document against the Kubernetes OpenAPI schema (kubernetes-models); throws on the first problem. */
function validateWithKubernetesModels(text: string): string[] {
  return loadAll(text).map((doc) => {
    const model =
      doc.kind === 'Deployment'
        ? new Deployment(doc as never)
        : doc.kind === 'Service'
          ? new Service(doc as never)
          : doc.kind === 'PersistentVolumeClaim'
            ? new PersistentVolumeClaim(doc as never)
            : undefined;
    if (!model) throw new Error(`unexpected kind ${String(doc.kind)}`);
    model.validate();
    return String(doc.kind);
  });
}

describe('kubernetesManifests with restricted', () => {
  const text = kubernetesManifests(bookworm, {
    restricted: true,
    user: 'ada',
    uid: 1234,
    gid: 2345,
    auth: 'token',
  });
  const pod = podOf(text);

  it('passes the Pod Security Standard "restricted"', () => {
    expect(checkRestrictedPodSecurity(pod.spec, pod.metadata.annotations)).toEqual([]);
  });

  it('is valid Kubernetes for kubernetes-models, as the root variant is', () => {
    expect(validateWithKubernetesModels(text)).toEqual(['PersistentVolumeClaim', 'Deployment', 'Service']);
    expect(validateWithKubernetesModels(kubernetesManifests(bookworm))).toHaveLength(3);
  });

  it('is caught by kubernetes-models when a field has the wrong type', () => {
    const broken = text.replace('runAsNonRoot: true', 'runAsNonRoot: "yes"');
    expect(() => validateWithKubernetesModels(broken)).toThrow(/runAsNonRoot/);
  });

  it('runs as the uid and gid on a read-only root with writable /tmp and /run, the home group-owned by fsGroup', () => {
    expect(pod.spec.securityContext).toEqual({
      runAsNonRoot: true,
      runAsUser: 1234,
      runAsGroup: 2345,
      fsGroup: 2345,
      fsGroupChangePolicy: 'OnRootMismatch',
      seccompProfile: { type: 'RuntimeDefault' },
    });
    const container = pod.spec.containers[0] as PodSpecLike['containers'][number] & {
      securityContext: { readOnlyRootFilesystem: boolean };
      volumeMounts: Array<{ mountPath: string }>;
      env: Array<{ name: string; value: string }>;
    };
    expect(container.securityContext).toEqual({
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
      capabilities: { drop: ['ALL'] },
    });
    expect(container.volumeMounts.map((mount) => mount.mountPath)).toEqual([
      '/home/ada',
      '/dev/shm',
      '/tmp',
      '/run',
      '/run/secrets/helios',
    ]);
    expect(container.env).toContainEqual({ name: 'GID', value: '2345' });
    expect(pod.spec.volumes).toContainEqual({
      name: 'run',
      emptyDir: { medium: 'Memory', sizeLimit: '64Mi' },
    });
    // helios-init is not root here: the Secret must be readable by the pod's group.
    expect(pod.spec.volumes).toContainEqual({
      name: 'auth',
      secret: { secretName: 'helios-bookworm-auth', defaultMode: 0o440 },
    });
    expect(text).toMatch(/^# kubectl label namespace <ns> pod-security.kubernetes.io\/enforce=restricted$/m);
  });

  it('keeps the root variant as it was, which the standard refuses', () => {
    const root = podOf(kubernetesManifests(bookworm));
    expect(root.spec.securityContext).toBeUndefined();
    expect(checkRestrictedPodSecurity(root.spec).map((violation) => violation.rule)).toEqual([
      'Capabilities',
      'Privilege Escalation',
      'Running as Non-root',
      'Seccomp',
    ]);
  });
});

describe('composeFile with restricted', () => {
  const text = composeFile(bookworm, { restricted: true, user: 'ada', uid: 1234, gid: 2345 });
  const service = (parse(text, { version: '1.1' }) as { services: { desktop: Record<string, unknown> } })
    .services.desktop;

  it('runs as uid:gid, read-only, with tmpfs on /tmp and /run, no capabilities and no new privileges', () => {
    expect(service).toMatchObject({
      user: '1234:2345',
      read_only: true,
      tmpfs: ['/tmp', '/run:uid=1234,gid=2345'],
      cap_drop: ['ALL'],
      security_opt: ['no-new-privileges:true'],
      volumes: ['./home:/home/ada'],
    });
    expect(service.environment).toMatchObject({ USER: 'ada', UID: '1234', GID: '2345' });
    // "1234:2345" is a base-60 number to YAML 1.1 unless quoted.
    expect(text).toContain('user: "1234:2345"\n');
  });

  it("says how to make the home the uid owns, since a new named volume would be root's", () => {
    expect(text).toMatch(/^# Restricted mode: .* mkdir -p \.\/home && sudo chown 1234:2345 \.\/home$/m);
    expect(text).not.toMatch(/^volumes:/m);
  });

  it('leaves the root variant without any of it', () => {
    const root = parse(composeFile(bookworm)) as { services: { desktop: Record<string, unknown> } };
    for (const key of ['user', 'read_only', 'tmpfs', 'cap_drop', 'security_opt'])
      expect(root.services.desktop).not.toHaveProperty(key);
  });
});
