package dev.shipproof.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.dsl.HttpMethod;
import io.fabric8.mockwebserver.http.Buffer;
import io.fabric8.mockwebserver.http.Headers;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The fabric8 mock API in CRUD mode, answering a server-side apply as a JSON merge patch of the
 * same document. The mock refuses {@code application/apply-patch+yaml} with 415, and the packaged
 * operator writes Promotion status only that way ({@code quarkus.operator-sdk.enable-ssa} is fixed
 * at build time), so without this its promotions land in git but never show {@code Succeeded}.
 *
 * <p>Not the API server's semantics: a real apply removes the fields this manager set before and
 * left out now, and tracks field ownership; a merge patch keeps them. The operator writes its whole
 * status each time, so what it reads back is the same here.
 */
final class ApplyingCrudDispatcher extends KubernetesCrudDispatcher {
  private static final String APPLY = "application/apply-patch+yaml";
  private static final String MERGE = "application/merge-patch+json";
  private static final ObjectMapper JSON = new ObjectMapper();

  @Override
  public MockResponse handlePatch(RecordedRequest request) {
    String type = request.getHeader("Content-Type");
    if (type == null || !type.toLowerCase(Locale.ROOT).startsWith(APPLY)) {
      return super.handlePatch(request);
    }
    String json;
    try {
      json = JSON.writeValueAsString(document(request.getUtf8Body()));
    } catch (IOException | RuntimeException e) {
      return new MockResponse().setResponseCode(400).setBody("not an apply document: " + e);
    }
    Headers headers =
        request
            .getHeaders()
            .newBuilder()
            .removeAll("Content-Type")
            .add("Content-Type", MERGE)
            .build();
    Buffer body = new Buffer(json.getBytes(StandardCharsets.UTF_8));
    return super.handlePatch(
        new RecordedRequest(
            request.getHttpVersion(), HttpMethod.PATCH, request.getPath(), headers, body));
  }

  /** The body as a tree: JSON as fabric8 sends it, or YAML. */
  private static JsonNode document(String text) throws IOException {
    try {
      return JSON.readTree(text);
    } catch (IOException notJson) {
      Object yaml = new Load(LoadSettings.builder().build()).loadFromString(text);
      if (!(yaml instanceof Map<?, ?>)) {
        throw new IOException("the document is not a mapping");
      }
      return JSON.valueToTree(yaml);
    }
  }
}
