import { defineConfig } from 'tsup';
import { heliosTsup } from '../../tsup.base.ts';

export default defineConfig(heliosTsup({ entry: ['src/index.ts', 'src/cli.ts'] }));
