// Cerner's URL layout is core's (the client and the mock must agree on it), re-exported here
// because these are part of this package's public API.
export { cernerFhirBaseUrl, cernerTokenUrl, type CernerEnvironment } from '@cerner-kit/core';
