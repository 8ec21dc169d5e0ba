export { type AssembleContextOptions, assembleContext } from './build-context.ts';
export { ensureDebootstrapBase } from './debootstrap-base.ts';
export { BuildError, type BuildErrorCode } from './errors.ts';
export { type BaseSource, type BuildImageOptions, buildImage, localImageName } from './image-build.ts';
export { formatSizeTable, type ImageSize, imageSizes } from './image-sizes.ts';
export { findRepoRoot } from './repo-root.ts';
export { containerName, type RunDesktopOptions, runDesktop } from './run-desktop.ts';
export { formatPlan, type MissingStage, planStages, type Stage, type StageId } from './stage-plan.ts';
export { renderStageScript, stageScriptName } from './stage-script.ts';
