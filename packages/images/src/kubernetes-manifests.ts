import {
  AUTH_SECRET,
  type DeployOptions,
  defaultHttpsPort,
  deployEnvironment,
  RESTRICTED_TMPFS,
  type ResolvedDeployOptions,
  resolveDeployOptions,
} from './deploy-options.ts';
import type { Distro } from './distro-matrix.ts';
import { yamlDocument } from './yaml-output.ts';

/**
 * Kubernetes manifests for one desktop of `distro`: a single-replica
 * Deployment (a desktop is one user's session, so Recreate, never two pods
 * on one home), a Service on the web ports (HTTP, and HTTPS one above it), a PersistentVolumeClaim for the
 * home, /dev/shm as memory, readiness on {PREFIX}probe and liveness on /health.
 * With `restricted`, the pod meets the Pod Security Standard "restricted"
 * (see `checkRestrictedPodSecurity`) and has a read-only root file system.
 */
export function kubernetesManifests(distro: Distro, options: DeployOptions = {}): string {
  const resolved = resolveDeployOptions(distro.name, options);
  const httpsPort = defaultHttpsPort(resolved.port);
  const name = `helios-${distro.name}`;
  const labels = { 'app.kubernetes.io/name': 'helios', 'app.kubernetes.io/instance': name };
  const withAuth = resolved.auth !== 'none';
  const secretName = `${name}-auth`;
  const secretFile = `${AUTH_SECRET.mountPath}/${AUTH_SECRET.key}`;
  const env = Object.entries(deployEnvironment(resolved, secretFile)).map(([key, value]) => ({
    name: key,
    value,
  }));
  const probe = (path: string, periodSeconds: number, failureThreshold: number) => ({
    httpGet: { path, port: 'http' },
    periodSeconds,
    failureThreshold,
  });
  const containerSecurity = {
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    runAsNonRoot: true,
    capabilities: { drop: ['ALL'] },
  };
  // Writable memory for the runtime folders (/run) and X's sockets and keymaps (/tmp).
  const restrictedVolumes = RESTRICTED_TMPFS.map((mountPath) => ({
    name: mountPath.slice(1),
    mountPath,
    emptyDir: mountPath === '/run' ? { medium: 'Memory', sizeLimit: '64Mi' } : { sizeLimit: '1Gi' },
  }));
  const documents = [
    {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: `${name}-home`, labels },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '10Gi' } } },
    },
    {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name, labels },
      spec: {
        replicas: 1,
        strategy: { type: 'Recreate' },
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            ...(resolved.restricted ? { securityContext: podSecurity(resolved) } : {}),
            terminationGracePeriodSeconds: 10,
            containers: [
              {
                name: 'desktop',
                image: resolved.image,
                env,
                ports: [
                  { name: 'http', containerPort: resolved.port },
                  ...(httpsPort === undefined ? [] : [{ name: 'https', containerPort: httpsPort }]),
                ],
                startupProbe: probe('/health', 1, 60),
                readinessProbe: probe(`${resolved.prefix}probe`, 5, 2),
                livenessProbe: probe('/health', 10, 6),
                resources: { requests: { cpu: '250m', memory: '512Mi' }, limits: { memory: '4Gi' } },
                ...(resolved.restricted ? { securityContext: containerSecurity } : {}),
                volumeMounts: [
                  { name: 'home', mountPath: `/home/${resolved.user}` },
                  { name: 'shm', mountPath: '/dev/shm' },
                  ...(resolved.restricted
                    ? restrictedVolumes.map(({ name, mountPath }) => ({ name, mountPath }))
                    : []),
                  ...(withAuth ? [{ name: 'auth', mountPath: AUTH_SECRET.mountPath, readOnly: true }] : []),
                ],
              },
            ],
            volumes: [
              { name: 'home', persistentVolumeClaim: { claimName: `${name}-home` } },
              { name: 'shm', emptyDir: { medium: 'Memory', sizeLimit: '1Gi' } },
              ...(resolved.restricted
                ? restrictedVolumes.map(({ name, emptyDir }) => ({ name, emptyDir }))
                : []),
              // Readable by root only: helios-init reads it and hands the gateway its own copy.
              // Restricted: by the pod's fsGroup, since helios-init is the desktop user there.
              ...(withAuth
                ? [{ name: 'auth', secret: { secretName, defaultMode: resolved.restricted ? 0o440 : 0o400 } }]
                : []),
            ],
          },
        },
      },
    },
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name, labels },
      spec: {
        selector: labels,
        ports: [
          { name: 'http', port: resolved.port, targetPort: 'http' },
          ...(httpsPort === undefined ? [] : [{ name: 'https', port: httpsPort, targetPort: 'https' }]),
        ],
      },
    },
  ];
  const body = documents.map(yamlDocument).join('---\n');
  const header = [
    `# Generated by @helios/images (helios k8s ${distro.name}${resolved.restricted ? ' --restricted' : ''}); apply: kubectl apply -f <this file>`,
    ...(resolved.restricted
      ? [
          '# Restricted mode: meets the Pod Security Standard "restricted"; enforce it on the namespace with',
          '# kubectl label namespace <ns> pod-security.kubernetes.io/enforce=restricted',
        ]
      : []),
    ...(withAuth
      ? [
          `# First create the ${resolved.auth === 'token' ? 'token' : 'password'}: kubectl create secret generic ${secretName} --from-file=${AUTH_SECRET.key}=<file>`,
        ]
      : []),
  ].join('\n');
  return `${header}\n${body}`;
}

/**
 * The pod's security context in restricted mode: a fixed non-root uid and
 * gid (the image's own user is root, which runAsNonRoot alone would refuse),
 * fsGroup so the home volume and the auth Secret are the desktop group's,
 * and the runtime's default seccomp profile.
 */
function podSecurity(resolved: ResolvedDeployOptions) {
  return {
    runAsNonRoot: true,
    runAsUser: resolved.uid,
    runAsGroup: resolved.gid,
    fsGroup: resolved.gid,
    fsGroupChangePolicy: 'OnRootMismatch',
    seccompProfile: { type: 'RuntimeDefault' },
  };
}
