// Lets `node` run this workspace's TypeScript sources directly (tests that need a real child
// process): workspace packages resolve to src/ through the `@cerner-kit/source` condition (pass
// --conditions=@cerner-kit/source), Node strips the types, and this hook maps a `./x.js` import
// to `./x.ts` when only the .ts file exists.
import { registerHooks } from 'node:module';

registerHooks({
  resolve(specifier, context, nextResolve) {
    try {
      return nextResolve(specifier, context);
    } catch (e) {
      if (specifier.startsWith('.') && specifier.endsWith('.js')) {
        return nextResolve(`${specifier.slice(0, -3)}.ts`, context);
      }
      throw e;
    }
  },
});
