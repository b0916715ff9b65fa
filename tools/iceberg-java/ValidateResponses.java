/*
 * Checks recorded Iceberg REST catalog responses with the official Java client's own parsers
 * (org.apache.iceberg:iceberg-core, fetched by fetch.sh beside this file): every body goes through
 * the ObjectMapper the client's HTTPClient uses (RESTObjectMapper, with RESTSerializers) into the
 * response class the client expects for that operation, then through the response's validate().
 * A response the reference client cannot read is a response that drifted from the spec.
 *
 * Input: a JSON array of { "operation", "status", "body" } (body: the raw text, "" for none).
 * Output: one line per response ("ok <operation> <status>" or "FAIL <operation> <status>: why"),
 * then "N passed, M failed"; exit status 1 when any failed, 2 on unusable input.
 *
 *   java -cp "$(bash tools/iceberg-java/fetch.sh | tail -1)/*" tools/iceberg-java/ValidateResponses.java responses.json
 */
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.apache.iceberg.rest.RESTResponse;
import org.apache.iceberg.rest.responses.ConfigResponse;
import org.apache.iceberg.rest.responses.ErrorResponse;
import org.apache.iceberg.rest.responses.ErrorResponseParser;
import org.apache.iceberg.rest.responses.GetNamespaceResponse;
import org.apache.iceberg.rest.responses.ListNamespacesResponse;
import org.apache.iceberg.rest.responses.ListTablesResponse;
import org.apache.iceberg.rest.responses.LoadTableResponse;
import org.apache.iceberg.rest.responses.OAuthErrorResponseParser;
import org.apache.iceberg.rest.responses.OAuthTokenResponse;

public class ValidateResponses {
  /** HEAD operations: never a body, errors included. */
  private static final Set<String> HEAD = Set.of("namespaceExists", "tableExists");

  private static ObjectMapper clientMapper() throws Exception {
    // Package-private in iceberg-core: the very mapper HTTPClient parses responses with.
    Class<?> holder = Class.forName("org.apache.iceberg.rest.RESTObjectMapper");
    Method mapper = holder.getDeclaredMethod("mapper");
    mapper.setAccessible(true);
    return (ObjectMapper) mapper.invoke(null);
  }

  private static Class<? extends RESTResponse> successType(String operation) {
    return switch (operation) {
      case "getConfig" -> ConfigResponse.class;
      case "listNamespaces" -> ListNamespacesResponse.class;
      case "loadNamespaceMetadata" -> GetNamespaceResponse.class;
      case "listTables" -> ListTablesResponse.class;
      case "loadTable", "createTable", "registerTable", "updateTable" -> LoadTableResponse.class;
      case "getToken" -> OAuthTokenResponse.class;
      default -> throw new IllegalArgumentException("unknown operation " + operation);
    };
  }

  private static void check(ObjectMapper mapper, String operation, int status, String body)
      throws Exception {
    boolean head = HEAD.contains(operation);
    if (status >= 400) {
      if (head) {
        if (!body.isEmpty()) throw new AssertionError("a HEAD answer carries no body");
        return;
      }
      if (operation.equals("getToken")) {
        // RFC 6749 errors, as the client's oauthErrorHandler reads them.
        ErrorResponse error = OAuthErrorResponseParser.fromJson(status, body);
        if (error.type() == null) throw new AssertionError("OAuth error without `error`");
        return;
      }
      // The client's error handlers read IcebergErrorResponse with ErrorResponseParser; the
      // spec's ErrorModel requires message, type and code (the HTTP status).
      ErrorResponse error = ErrorResponseParser.fromJson(body);
      if (error.message() == null) throw new AssertionError("error.message missing");
      if (error.type() == null) throw new AssertionError("error.type missing");
      if (error.code() != status)
        throw new AssertionError("error.code " + error.code() + " is not the status " + status);
      return;
    }
    if (head || status == 204 || status == 304) {
      if (!body.isEmpty()) throw new AssertionError("expected no body, got " + body.length() + " chars");
      return;
    }
    RESTResponse response = mapper.readValue(body, successType(operation));
    response.validate();
    // The metadata went through TableMetadataParser and the endpoints through Endpoint.fromString
    // in readValue. A commit's CommitTableResponse and a registered table name their metadata file
    // (only a staged create's LoadTableResult may leave it out).
    if (response instanceof LoadTableResponse load
        && (operation.equals("updateTable") || operation.equals("registerTable"))
        && load.metadataLocation() == null) throw new AssertionError("metadata-location missing");
  }

  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: ValidateResponses <responses.json>");
      System.exit(2);
    }
    ObjectMapper mapper = clientMapper();
    JsonNode recorded = new ObjectMapper().readTree(Files.readString(Path.of(args[0])));
    if (!recorded.isArray() || recorded.isEmpty()) {
      System.err.println("expected a non-empty array of responses");
      System.exit(2);
    }
    int passed = 0;
    int failed = 0;
    for (JsonNode entry : recorded) {
      String operation = entry.path("operation").asText();
      int status = entry.path("status").asInt();
      String body = entry.path("body").asText("");
      try {
        check(mapper, operation, status, body);
        passed += 1;
        System.out.println("ok " + operation + " " + status);
      } catch (Exception | AssertionError e) {
        failed += 1;
        System.out.println("FAIL " + operation + " " + status + ": " + e);
      }
    }
    System.out.println(passed + " passed, " + failed + " failed");
    System.exit(failed == 0 ? 0 : 1);
  }
}
