export { type BuildArgs, buildArgs, debootstrapBaseImage } from './build-args.ts';
export { composeFile } from './compose-file.ts';
export { DEBOOTSTRAP_KEYRING_FINGERPRINTS, debootstrapKeyringPath } from './debootstrap-keyring.ts';
export {
  DEFAULT_HTTP_PORT,
  type DeployOptions,
  defaultHttpsPort,
  type ResolvedDeployOptions,
  resolveDeployOptions,
} from './deploy-options.ts';
export {
  type Distro,
  distros,
  getDistro,
  type PackageFamily,
  type PackageManager,
  packageFamilySchema,
} from './distro-matrix.ts';
export { DOCKER_ASSET_PATHS, dockerAssetsDir } from './docker-assets.ts';
export { ERROR_CODES, ImagesError, type ImagesErrorCode } from './errors.ts';
export { kubernetesManifests } from './kubernetes-manifests.ts';
export {
  type ContainerLike,
  checkRestrictedPodSecurity,
  POD_SECURITY_RULES,
  type PodSecurityViolation,
  type PodSpecLike,
  type SecurityContextLike,
} from './pod-security.ts';
export { type Channel, imageTag } from './tags.ts';
