/**
 * The Pod Security Standards' "restricted" profile (which includes
 * "baseline") as a pure check over a pod spec, so the generated manifests can
 * be tested without a cluster. The rules and their allowed values follow
 * https://kubernetes.io/docs/concepts/security/pod-security-standards/
 * (policy version "latest", Kubernetes 1.33), the same table the
 * PodSecurity admission controller enforces. Windows-only exemptions are not
 * modelled: a Helios pod is a Linux pod.
 */

/** The security context fields the standard looks at, on the pod or a container. */
export interface SecurityContextLike {
  readonly privileged?: boolean;
  readonly allowPrivilegeEscalation?: boolean;
  readonly runAsNonRoot?: boolean;
  readonly runAsUser?: number;
  readonly capabilities?: { readonly add?: readonly string[]; readonly drop?: readonly string[] };
  readonly seccompProfile?: { readonly type?: string };
  readonly appArmorProfile?: { readonly type?: string };
  readonly seLinuxOptions?: { readonly type?: string; readonly user?: string; readonly role?: string };
  readonly procMount?: string;
  readonly windowsOptions?: { readonly hostProcess?: boolean };
  readonly sysctls?: ReadonlyArray<{ readonly name: string }>;
}

/** A container as far as the standard is concerned. */
export interface ContainerLike {
  readonly name: string;
  readonly securityContext?: SecurityContextLike;
  readonly ports?: ReadonlyArray<{ readonly hostPort?: number }>;
}

/** A pod spec (and its annotations) as far as the standard is concerned. */
export interface PodSpecLike {
  readonly hostNetwork?: boolean;
  readonly hostPID?: boolean;
  readonly hostIPC?: boolean;
  readonly securityContext?: SecurityContextLike;
  readonly containers: readonly ContainerLike[];
  readonly initContainers?: readonly ContainerLike[];
  readonly ephemeralContainers?: readonly ContainerLike[];
  readonly volumes?: ReadonlyArray<Readonly<Record<string, unknown>> & { readonly name: string }>;
}

/** One broken rule: which, where, and what was found. */
export interface PodSecurityViolation {
  /** The control's name in the standard, e.g. "Running as Non-root". */
  readonly rule: string;
  /** The profile that introduces the control. */
  readonly profile: 'baseline' | 'restricted';
  /** Where in the pod, e.g. `spec.containers[0].securityContext.allowPrivilegeEscalation`. */
  readonly path: string;
  /** What was found and what is allowed. */
  readonly message: string;
}

/** Capabilities baseline allows to add. */
const BASELINE_CAPABILITIES = new Set([
  'AUDIT_WRITE',
  'CHOWN',
  'DAC_OVERRIDE',
  'FOWNER',
  'FSETID',
  'KILL',
  'MKNOD',
  'NET_BIND_SERVICE',
  'SETFCAP',
  'SETGID',
  'SETPCAP',
  'SETUID',
  'SYS_CHROOT',
]);

/** Sysctls baseline allows (the "safe" set). */
const SAFE_SYSCTLS = new Set([
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
]);

/** SELinux types baseline allows. */
const SELINUX_TYPES = new Set([
  '',
  'container_t',
  'container_init_t',
  'container_kvm_t',
  'container_engine_t',
]);

/** Volume sources restricted allows. */
const RESTRICTED_VOLUMES = new Set([
  'configMap',
  'csi',
  'downwardAPI',
  'emptyDir',
  'ephemeral',
  'persistentVolumeClaim',
  'projected',
  'secret',
]);

const APPARMOR_ANNOTATION = 'container.apparmor.security.beta.kubernetes.io/';

/** The rules of the standard, in its order, with the profile that brings each. */
export const POD_SECURITY_RULES = Object.freeze([
  { rule: 'HostProcess', profile: 'baseline' },
  { rule: 'Host Namespaces', profile: 'baseline' },
  { rule: 'Privileged Containers', profile: 'baseline' },
  { rule: 'Capabilities', profile: 'baseline' },
  { rule: 'HostPath Volumes', profile: 'baseline' },
  { rule: 'Host Ports', profile: 'baseline' },
  { rule: 'AppArmor', profile: 'baseline' },
  { rule: 'SELinux', profile: 'baseline' },
  { rule: '/proc Mount Type', profile: 'baseline' },
  { rule: 'Seccomp', profile: 'baseline' },
  { rule: 'Sysctls', profile: 'baseline' },
  { rule: 'Volume Types', profile: 'restricted' },
  { rule: 'Privilege Escalation', profile: 'restricted' },
  { rule: 'Running as Non-root', profile: 'restricted' },
  { rule: 'Running as Non-root user', profile: 'restricted' },
  { rule: 'Seccomp', profile: 'restricted' },
  { rule: 'Capabilities', profile: 'restricted' },
] as const);

/**
 * Every violation of the "restricted" Pod Security Standard (baseline
 * included) in `pod`; an empty list means the pod would be admitted in a
 * namespace labelled `pod-security.kubernetes.io/enforce=restricted`.
 */
export function checkRestrictedPodSecurity(
  pod: PodSpecLike,
  annotations: Readonly<Record<string, string>> = {},
): PodSecurityViolation[] {
  const found: PodSecurityViolation[] = [];
  const add = (rule: string, profile: 'baseline' | 'restricted', path: string, message: string) =>
    found.push({ rule, profile, path, message });
  const podContext = pod.securityContext ?? {};
  const containers = [
    ...pod.containers.map((container, index) => ({ container, path: `spec.containers[${index}]` })),
    ...(pod.initContainers ?? []).map((container, index) => ({
      container,
      path: `spec.initContainers[${index}]`,
    })),
    ...(pod.ephemeralContainers ?? []).map((container, index) => ({
      container,
      path: `spec.ephemeralContainers[${index}]`,
    })),
  ];
  const contexts = [
    { context: podContext, path: 'spec.securityContext' },
    ...containers.map(({ container, path }) => ({
      context: container.securityContext ?? {},
      path: `${path}.securityContext`,
    })),
  ];

  // Baseline.
  for (const { context, path } of contexts) {
    if (context.windowsOptions?.hostProcess === true)
      add(
        'HostProcess',
        'baseline',
        `${path}.windowsOptions.hostProcess`,
        'must be unset or false (found true)',
      );
    if (context.privileged === true)
      add('Privileged Containers', 'baseline', `${path}.privileged`, 'must be unset or false (found true)');
    const type = context.appArmorProfile?.type;
    if (type !== undefined && type !== 'RuntimeDefault' && type !== 'Localhost')
      add(
        'AppArmor',
        'baseline',
        `${path}.appArmorProfile.type`,
        `must be RuntimeDefault or Localhost (found ${type})`,
      );
    const selinux = context.seLinuxOptions;
    if (selinux?.type !== undefined && !SELINUX_TYPES.has(selinux.type))
      add(
        'SELinux',
        'baseline',
        `${path}.seLinuxOptions.type`,
        `must be a container_* type (found ${selinux.type})`,
      );
    for (const field of ['user', 'role'] as const) {
      const value = selinux?.[field];
      if (value !== undefined && value !== '')
        add('SELinux', 'baseline', `${path}.seLinuxOptions.${field}`, `must be unset (found ${value})`);
    }
    if (context.procMount !== undefined && context.procMount !== 'Default')
      add(
        '/proc Mount Type',
        'baseline',
        `${path}.procMount`,
        `must be Default (found ${context.procMount})`,
      );
    if (context.seccompProfile?.type === 'Unconfined')
      add('Seccomp', 'baseline', `${path}.seccompProfile.type`, 'must not be Unconfined');
    if (context.runAsUser === 0)
      add('Running as Non-root user', 'restricted', `${path}.runAsUser`, 'must not be 0 (found 0)');
  }
  for (const field of ['hostNetwork', 'hostPID', 'hostIPC'] as const) {
    if (pod[field] === true)
      add('Host Namespaces', 'baseline', `spec.${field}`, 'must be unset or false (found true)');
  }
  for (const [index, sysctl] of (podContext.sysctls ?? []).entries()) {
    if (!SAFE_SYSCTLS.has(sysctl.name))
      add(
        'Sysctls',
        'baseline',
        `spec.securityContext.sysctls[${index}].name`,
        `${sysctl.name} is not a safe sysctl`,
      );
  }
  for (const [key, value] of Object.entries(annotations)) {
    if (key.startsWith(APPARMOR_ANNOTATION) && value !== 'runtime/default' && !value.startsWith('localhost/'))
      add(
        'AppArmor',
        'baseline',
        `metadata.annotations["${key}"]`,
        `must be runtime/default or localhost/* (found ${value})`,
      );
  }
  for (const [index, volume] of (pod.volumes ?? []).entries()) {
    const source = Object.keys(volume).find((key) => key !== 'name');
    if (source === 'hostPath')
      add('HostPath Volumes', 'baseline', `spec.volumes[${index}].hostPath`, 'must be unset');
    else if (source !== undefined && !RESTRICTED_VOLUMES.has(source))
      add(
        'Volume Types',
        'restricted',
        `spec.volumes[${index}].${source}`,
        `${source} is not an allowed volume type`,
      );
  }

  // Per container: host ports, capabilities, and the restricted fields that may come from the pod.
  const podSeccomp = podContext.seccompProfile?.type;
  for (const { container, path } of containers) {
    const context = container.securityContext ?? {};
    for (const [index, port] of (container.ports ?? []).entries()) {
      if (port.hostPort !== undefined && port.hostPort !== 0)
        add(
          'Host Ports',
          'baseline',
          `${path}.ports[${index}].hostPort`,
          `must be unset or 0 (found ${port.hostPort})`,
        );
    }
    const capabilities = context.capabilities ?? {};
    for (const capability of capabilities.add ?? []) {
      if (!BASELINE_CAPABILITIES.has(capability))
        add(
          'Capabilities',
          'baseline',
          `${path}.securityContext.capabilities.add`,
          `${capability} may not be added`,
        );
      else if (capability !== 'NET_BIND_SERVICE')
        add(
          'Capabilities',
          'restricted',
          `${path}.securityContext.capabilities.add`,
          `only NET_BIND_SERVICE may be added (found ${capability})`,
        );
    }
    if (!(capabilities.drop ?? []).includes('ALL'))
      add('Capabilities', 'restricted', `${path}.securityContext.capabilities.drop`, 'must include ALL');
    if (context.allowPrivilegeEscalation !== false)
      add(
        'Privilege Escalation',
        'restricted',
        `${path}.securityContext.allowPrivilegeEscalation`,
        `must be false (found ${context.allowPrivilegeEscalation ?? 'unset'})`,
      );
    const nonRoot = context.runAsNonRoot ?? podContext.runAsNonRoot;
    if (nonRoot !== true)
      add(
        'Running as Non-root',
        'restricted',
        `${path}.securityContext.runAsNonRoot`,
        `must be true here or in spec.securityContext (found ${nonRoot ?? 'unset'})`,
      );
    const seccomp = context.seccompProfile?.type ?? podSeccomp;
    if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost' && seccomp !== 'Unconfined')
      add(
        'Seccomp',
        'restricted',
        `${path}.securityContext.seccompProfile.type`,
        `must be RuntimeDefault or Localhost here or in spec.securityContext (found ${seccomp ?? 'unset'})`,
      );
  }
  return found;
}
