// A named import of package.json: the bundler keeps only this field, not the whole manifest.
import { version } from '../../../package.json';

/** The version of the dashboard build being shown (the @llm-eval/web package's). */
export const DASHBOARD_VERSION: string = version;
