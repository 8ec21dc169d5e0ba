import { describe, expect, it } from 'vitest';
import { checkRestrictedPodSecurity, POD_SECURITY_RULES, type PodSpecLike } from './pod-security.ts';

/** A pod that passes: the shape the restricted manifests give. */
const passing: PodSpecLike = {
  securityContext: { runAsNonRoot: true, runAsUser: 1000, seccompProfile: { type: 'RuntimeDefault' } },
  containers: [
    {
      name: 'desktop',
      securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
      ports: [{}],
    },
  ],
  volumes: [
    { name: 'home', persistentVolumeClaim: { claimName: 'home' } },
    { name: 'tmp', emptyDir: {} },
  ],
};

const rulesOf = (pod: PodSpecLike, annotations?: Record<string, string>) =>
  checkRestrictedPodSecurity(pod, annotations).map(
    ({ rule, profile, path }) => `${profile}/${rule} at ${path}`,
  );

const withContainer = (
  securityContext: NonNullable<PodSpecLike['containers'][number]['securityContext']>,
) => ({
  ...passing,
  containers: [
    { name: 'desktop', securityContext: { ...passing.containers[0]?.securityContext, ...securityContext } },
  ],
});

describe('checkRestrictedPodSecurity', () => {
  it('admits a non-root pod with no escalation, no capabilities and the default seccomp profile', () => {
    expect(checkRestrictedPodSecurity(passing)).toEqual([]);
  });

  it('refuses a pod that sets nothing, once per restricted control, with what it found', () => {
    expect(checkRestrictedPodSecurity({ containers: [{ name: 'c' }] })).toEqual([
      {
        rule: 'Capabilities',
        profile: 'restricted',
        path: 'spec.containers[0].securityContext.capabilities.drop',
        message: 'must include ALL',
      },
      {
        rule: 'Privilege Escalation',
        profile: 'restricted',
        path: 'spec.containers[0].securityContext.allowPrivilegeEscalation',
        message: 'must be false (found unset)',
      },
      {
        rule: 'Running as Non-root',
        profile: 'restricted',
        path: 'spec.containers[0].securityContext.runAsNonRoot',
        message: 'must be true here or in spec.securityContext (found unset)',
      },
      {
        rule: 'Seccomp',
        profile: 'restricted',
        path: 'spec.containers[0].securityContext.seccompProfile.type',
        message: 'must be RuntimeDefault or Localhost here or in spec.securityContext (found unset)',
      },
    ]);
  });

  it('lets a container override the pod to worse, and says so', () => {
    expect(rulesOf(withContainer({ runAsNonRoot: false, runAsUser: 0 }))).toEqual([
      'restricted/Running as Non-root user at spec.containers[0].securityContext.runAsUser',
      'restricted/Running as Non-root at spec.containers[0].securityContext.runAsNonRoot',
    ]);
  });

  it('checks init and ephemeral containers as well', () => {
    expect(rulesOf({ ...passing, initContainers: [{ name: 'i' }] })).toContain(
      'restricted/Privilege Escalation at spec.initContainers[0].securityContext.allowPrivilegeEscalation',
    );
  });

  it.each([
    ['privileged', withContainer({ privileged: true }), 'baseline/Privileged Containers'],
    [
      'SYS_ADMIN',
      withContainer({ capabilities: { drop: ['ALL'], add: ['SYS_ADMIN'] } }),
      'baseline/Capabilities',
    ],
    [
      'CHOWN (baseline only)',
      withContainer({ capabilities: { drop: ['ALL'], add: ['CHOWN'] } }),
      'restricted/Capabilities',
    ],
    [
      'an unconfined seccomp profile',
      withContainer({ seccompProfile: { type: 'Unconfined' } }),
      'baseline/Seccomp',
    ],
    ['an unmasked /proc', withContainer({ procMount: 'Unmasked' }), 'baseline//proc Mount Type'],
    ['an SELinux user', withContainer({ seLinuxOptions: { user: 'system_u' } }), 'baseline/SELinux'],
    [
      'an unconfined AppArmor profile',
      withContainer({ appArmorProfile: { type: 'Unconfined' } }),
      'baseline/AppArmor',
    ],
    [
      'a Windows host process',
      withContainer({ windowsOptions: { hostProcess: true } }),
      'baseline/HostProcess',
    ],
    ['the host network', { ...passing, hostNetwork: true }, 'baseline/Host Namespaces'],
    [
      'a host port',
      { ...passing, containers: [{ ...passing.containers[0], name: 'd', ports: [{ hostPort: 80 }] }] },
      'baseline/Host Ports',
    ],
    [
      'a hostPath volume',
      { ...passing, volumes: [{ name: 'h', hostPath: { path: '/' } }] },
      'baseline/HostPath Volumes',
    ],
    [
      'an nfs volume',
      { ...passing, volumes: [{ name: 'n', nfs: { server: 'x', path: '/' } }] },
      'restricted/Volume Types',
    ],
    [
      'an unsafe sysctl',
      { ...passing, securityContext: { ...passing.securityContext, sysctls: [{ name: 'kernel.msgmax' }] } },
      'baseline/Sysctls',
    ],
  ])('refuses %s', (_what, pod, rule) => {
    expect(rulesOf(pod as PodSpecLike).map((line) => line.split(' at ')[0])).toEqual([rule]);
  });

  it('refuses an unconfined AppArmor annotation and accepts runtime/default', () => {
    const key = 'container.apparmor.security.beta.kubernetes.io/desktop';
    expect(rulesOf(passing, { [key]: 'unconfined' })).toEqual([
      `baseline/AppArmor at metadata.annotations["${key}"]`,
    ]);
    expect(rulesOf(passing, { [key]: 'runtime/default' })).toEqual([]);
  });

  it('only reports rules of the published list', () => {
    const known = new Set(POD_SECURITY_RULES.map(({ rule, profile }) => `${profile}/${rule}`));
    const reported = [
      ...rulesOf({
        containers: [{ name: 'c', securityContext: { privileged: true, runAsUser: 0 } }],
        hostPID: true,
      }),
    ].map((line) => line.split(' at ')[0] as string);
    expect(reported.filter((rule) => !known.has(rule))).toEqual([]);
  });
});
