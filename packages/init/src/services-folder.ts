import { folderScripts } from './hook-discovery.ts';
import { SERVICE_DEFAULTS, type ServiceSpec } from './service-spec.ts';

/**
 * Every file in services.d becomes a supervised root service (as the
 * KasmVNC-era images ran custom.sh), after X when there is an X server. None of them
 * is critical or gates readiness: a broken custom service must not take the
 * desktop down.
 */
export function folderServices(etcDir: string): ServiceSpec[] {
  return folderScripts(etcDir, 'services.d').map(
    (script): ServiceSpec =>
      Object.freeze({
        ...SERVICE_DEFAULTS,
        name: script.label,
        command: script.command,
        runAs: 'root',
        dependsOn: ['xvnc'],
      }),
  );
}
