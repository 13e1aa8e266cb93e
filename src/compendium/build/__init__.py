"""The build: notebook parameters, the papermill runner, the notebook registry, README, site, lock, output files."""
