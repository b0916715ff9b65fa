/**
 * How long the platform keeps the logs of a product (data-access logs, function logs): one year
 * on every cloud, whatever the tier, so an audit can always look a year back (control
 * MP-LOG-002). Shared by the clouds' components and policies.
 */
export const LOG_RETENTION_DAYS = 365;
