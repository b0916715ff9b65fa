/**
 * The part of swagger-ui-dist's standalone bundle the API reference uses (the package ships no
 * types). Options: https://swagger.io/docs/open-source-tools/swagger-ui/usage/configuration/
 */
declare module "swagger-ui-dist/swagger-ui-es-bundle.js" {
  interface SwaggerUiOptions {
    url: string;
    domNode: HTMLElement;
    /** null: no badge fetched from validator.swagger.io (no network beyond the portal). */
    validatorUrl: null;
    deepLinking?: boolean;
    docExpansion?: "list" | "full" | "none";
    defaultModelsExpandDepth?: number;
    displayRequestDuration?: boolean;
  }
  const SwaggerUIBundle: (options: SwaggerUiOptions) => unknown;
  export default SwaggerUIBundle;
}
