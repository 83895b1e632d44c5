import root from '../../eslint.config.js';

// The root config plus: scripts/ holds plain Node scripts outside the TypeScript project.
export default [...root, { ignores: ['scripts/**'] }];
