export { type BuildArgs, buildArgs, debootstrapBaseImage } from './build-args.ts';
export { type Distro, distros, getDistro, type PackageFamily, packageFamilySchema } from './distro-matrix.ts';
export { ImagesError, type ImagesErrorCode } from './errors.ts';
export { type Channel, imageTag } from './tags.ts';
