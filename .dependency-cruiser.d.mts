/** The layer rules' type, for the test that checks them (test/unit/tools/layers.test.ts). */
import type { IConfiguration } from "dependency-cruiser";

declare const config: IConfiguration;
export default config;
