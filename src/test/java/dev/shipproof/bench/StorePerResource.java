package dev.shipproof.bench;

import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * fabric8's CRUD mock API server with one store per resource type (Promotions, Environments,
 * Events...) instead of one store for everything. Every request is still answered by {@link
 * KubernetesCrudDispatcher}; only which objects it searches changes. The stock dispatcher matches a
 * request against every stored object of every kind, so each Event the operator writes makes every
 * later Promotion request dearer, a cost a real API server (one storage prefix per resource, looked
 * up by key) does not have. The throughput bench prints its figure on both.
 */
final class StorePerResource extends Dispatcher {
  private final Map<String, KubernetesCrudDispatcher> stores = new ConcurrentHashMap<>();

  @Override
  public MockResponse dispatch(RecordedRequest request) {
    return stores
        .computeIfAbsent(resource(request.getPath()), k -> new KubernetesCrudDispatcher())
        .dispatch(request);
  }

  @Override
  public void shutdown() {
    stores.values().forEach(Dispatcher::shutdown);
  }

  /**
   * The group and resource a request path names: {@code /api/v1/namespaces/ns/events/x} is {@code
   * /events}, {@code /apis/shipproof.dev/v1alpha1/namespaces/ns/promotions/x/status} is {@code
   * shipproof.dev/promotions}; anything else (discovery, version) shares one store.
   */
  static String resource(String path) {
    int query = path.indexOf('?');
    String[] parts = (query < 0 ? path : path.substring(0, query)).split("/");
    // parts[0] is empty: the path starts with a slash.
    int at;
    String group;
    if (parts.length > 2 && parts[1].equals("api")) {
      group = "";
      at = 3;
    } else if (parts.length > 3 && parts[1].equals("apis")) {
      group = parts[2];
      at = 4;
    } else {
      return "";
    }
    if (parts.length > at + 2 && parts[at].equals("namespaces")) {
      at += 2;
    }
    return parts.length > at ? group + "/" + parts[at] : "";
  }
}
