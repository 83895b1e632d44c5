import { readLiveConfig } from './live-config.js';

/** Prints the one line that says whether the live suites run. */
export default function setup(): void {
  const live = readLiveConfig();
  console.log(
    'skip' in live ? live.skip : `live contract tests enabled for tenant ${live.tenantId}`,
  );
}
