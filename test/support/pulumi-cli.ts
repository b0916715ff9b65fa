/** Whether the Pulumi CLI the automation tests and deploy journeys run is on PATH. */
export { pulumiCliVersion } from "../../infra/automation/cli-environment";

export const PULUMI_CLI_MISSING =
  "the Pulumi CLI (pulumi and pulumi-language-nodejs) is not on PATH: " +
  'run PATH="$(tools/pulumi-cli/build.sh | tail -1):$PATH" first';
