import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A TypeScript program of a consumer that uses the documented API of every
 * package. Kept here as text, not as a .ts file of this repository: it only
 * compiles inside the consumer project, against the published packages.
 */
const CONSUMER_SOURCE = `import { BuildError, formatPlan, planStages, type Stage } from '@helios/build';
import { composeFile, type Distro, distros, getDistro, imageTag } from '@helios/images';
import { type InitConfig, parseConfig, runInit, type ServiceSpec, Supervisor } from '@helios/init';
import {
  GATEWAY_OPTIONS,
  type Gateway,
  type GatewayOptions,
  KclientError,
  RfbInputFilter,
  startGateway,
} from '@helios/kclient';
import { flattenPackageMap, InvalidPackageMapError, loadPackageMap, type PackageList } from '@helios/packages';

// A type that is \`any\` (a declaration that did not resolve) turns this into a
// literal that 'typed' cannot be assigned to.
type Typed<T> = 0 extends 1 & T ? 'any: its declarations did not resolve' : 'typed';
export const declarationsResolve: Typed<PackageList> &
  Typed<typeof flattenPackageMap> &
  Typed<GatewayOptions> &
  Typed<Gateway> &
  Typed<typeof startGateway> &
  Typed<RfbInputFilter> &
  Typed<InitConfig> &
  Typed<ServiceSpec> &
  Typed<Supervisor> &
  Typed<typeof runInit> &
  Typed<Stage> &
  Typed<typeof planStages> &
  Typed<Distro> &
  Typed<typeof imageTag> = 'typed';

/** Never called: it only has to compile against the published signatures. */
export async function gatewayFor(socket: string): Promise<string> {
  const options: GatewayOptions = { vnc: \`unix:\${socket}\`, port: 0, host: '127.0.0.1' };
  const gateway = await startGateway(options);
  await gateway.close();
  return gateway.address.url;
}

const [mapFile = 'packages.yaml'] = process.argv.slice(2);
let lists: readonly PackageList[] = [];
try {
  lists = flattenPackageMap(await loadPackageMap(mapFile), { groups: ['debian'] });
} catch (error) {
  if (error instanceof InvalidPackageMapError) console.error(error.problems.length, 'problems');
  throw error;
}
const bookworm: Distro = getDistro('bookworm');
const stages: readonly Stage[] = planStages('bookworm', () => true).stages;
const config: InitConfig = parseConfig('{ "services": { "xvnc": { "enabled": false } } }', 'init.json');
console.log(
  JSON.stringify({
    lists,
    tag: imageTag(bookworm, { kind: 'testing' }),
    distros: distros.length,
    stages: stages.length,
    plan: formatPlan('bookworm', stages).length > 0,
    compose: composeFile(bookworm).includes('helios:bookworm'),
    gatewayOptions: Object.keys(GATEWAY_OPTIONS).length > 0,
    initServices: Object.keys(config.services ?? {}),
    errors: [BuildError, KclientError, RfbInputFilter, Supervisor].every((value) => typeof value === 'function'),
  }),
);
`;

const COMPILER_OPTIONS = {
  target: 'es2022',
  strict: true,
  // The packages' own .d.ts files are checked too: an import in them that
  // does not resolve (TS7016) must fail here, as it fails for a consumer.
  skipLibCheck: false,
  types: ['node'],
};

const TSCONFIGS = {
  'tsconfig.node16.json': {
    compilerOptions: { ...COMPILER_OPTIONS, module: 'node16', moduleResolution: 'node16', outDir: 'out' },
    files: ['index.ts'],
  },
  'tsconfig.bundler.json': {
    compilerOptions: { ...COMPILER_OPTIONS, module: 'esnext', moduleResolution: 'bundler', noEmit: true },
    files: ['index.ts'],
  },
};

/** The tsconfig files, one per module resolution, that {@link writeTypescriptConsumer} writes. */
export const tsconfigFiles = Object.keys(TSCONFIGS);

/** Writes index.ts, the tsconfigs and a small package map into the consumer project. */
export function writeTypescriptConsumer(dir: string): void {
  writeFileSync(join(dir, 'index.ts'), CONSUMER_SOURCE);
  for (const [name, tsconfig] of Object.entries(TSCONFIGS))
    writeFileSync(join(dir, name), JSON.stringify(tsconfig));
  writeFileSync(
    join(dir, 'packages.yaml'),
    'inherit:\n  debian: [common]\npackages:\n  - common: curl\n  - debian: libva2\n',
  );
}

/**
 * The versions of typescript and @types/node this repository pins (its pnpm
 * catalog), for the consumer's devDependencies.
 */
export function typescriptToolchain(): Record<string, string> {
  const workspace = readFileSync(new URL('../../../pnpm-workspace.yaml', import.meta.url), 'utf8');
  const pinned = (name: string) => {
    const match = new RegExp(`^\\s+"?${name}"?:\\s*(\\S+)\\s*$`, 'm').exec(workspace);
    if (!match?.[1]) throw new Error(`pnpm-workspace.yaml has no catalog entry for ${name}`);
    return match[1];
  };
  return { typescript: pinned('typescript'), '@types/node': pinned('@types/node') };
}
