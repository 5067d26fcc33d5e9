// Lets a plain `node` process import the workspace packages from their TypeScript sources, as Jest
// does: run with `--conditions=@sigil/source --import <this file>`. Node 24 strips the types; this
// hook maps the `.js` specifiers of relative imports inside .ts files to the .ts files beside them.
import { registerHooks } from 'node:module';

registerHooks({
  resolve(specifier, context, nextResolve) {
    try {
      return nextResolve(specifier, context);
    } catch (error) {
      if (specifier.startsWith('.') && specifier.endsWith('.js') && context.parentURL?.endsWith('.ts')) {
        return nextResolve(`${specifier.slice(0, -3)}.ts`, context);
      }
      throw error;
    }
  },
});
