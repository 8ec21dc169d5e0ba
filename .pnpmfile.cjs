// Published manifests carry what a consumer installs, nothing of the monorepo:
// devDependencies name the private @helios/test-kit and workspace tooling that
// no registry has, and the scripts only run inside this checkout.
module.exports = {
  hooks: {
    beforePacking(pkg) {
      delete pkg.devDependencies;
      delete pkg.scripts;
      return pkg;
    },
  },
};
