package dev.shipproof.testing;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.cache.Store;
import io.javaoperatorsdk.operator.api.config.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.IndexedResourceCache;
import io.javaoperatorsdk.operator.api.reconciler.ResourceOperations;
import io.javaoperatorsdk.operator.api.reconciler.RetryInfo;
import io.javaoperatorsdk.operator.api.reconciler.dependent.managed.ManagedWorkflowAndDependentResourceContext;
import io.javaoperatorsdk.operator.processing.event.EventSourceRetriever;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The part of the operator SDK's reconciliation context that our reconciler uses: the client and
 * the retry state. Anything else fails loudly, so a reconciler that starts relying on more is
 * noticed here.
 */
public final class FakeContext<P extends HasMetadata> implements Context<P> {
  private final KubernetesClient client;
  private final P primary;
  private final RetryInfo retry;
  private final IndexedResourceCache<P> primaryCache;

  public FakeContext(KubernetesClient client, P primary, RetryInfo retry) {
    this(client, primary, retry, null);
  }

  /**
   * A context whose primary cache is {@code primaryCache} (an informer's store, as the operator
   * SDK's is) rather than the API server; {@code null} for the API server.
   */
  public FakeContext(
      KubernetesClient client, P primary, RetryInfo retry, IndexedResourceCache<P> primaryCache) {
    this.client = client;
    this.primary = primary;
    this.retry = retry;
    this.primaryCache = primaryCache;
  }

  /** An informer's store as a primary cache, as the operator SDK gives the reconciler. */
  public static <T extends HasMetadata> IndexedResourceCache<T> cacheOf(Store<T> store) {
    return new IndexedResourceCache<>() {
      @Override
      public List<T> byIndex(String indexName, String indexKey) {
        throw unsupported();
      }

      @Override
      public Stream<T> list(String namespace, Predicate<T> predicate) {
        return store.list().stream()
            .filter(r -> namespace.equals(r.getMetadata().getNamespace()))
            .filter(predicate);
      }

      @Override
      public Optional<T> get(ResourceID id) {
        return Optional.ofNullable(
            store.getByKey(id.getNamespace().map(ns -> ns + "/").orElse("") + id.getName()));
      }

      @Override
      public Stream<ResourceID> keys() {
        return store.list().stream().map(ResourceID::fromResource);
      }

      @Override
      public Stream<T> list(Predicate<T> predicate) {
        return store.list().stream().filter(predicate);
      }
    };
  }

  /** A retry state: attempt number and whether the retry budget is spent. */
  public static RetryInfo attempt(int number, boolean last) {
    return new RetryInfo() {
      @Override
      public int getAttemptCount() {
        return number;
      }

      @Override
      public boolean isLastAttempt() {
        return last;
      }
    };
  }

  @Override
  public Optional<RetryInfo> getRetryInfo() {
    return Optional.ofNullable(retry);
  }

  @Override
  public KubernetesClient getClient() {
    return client;
  }

  @Override
  public P getPrimaryResource() {
    return primary;
  }

  @Override
  public <R> Set<R> getSecondaryResources(Class<R> type, boolean deduplicate) {
    throw unsupported();
  }

  @Override
  public <R> Stream<R> getSecondaryResourcesAsStream(Class<R> type, boolean deduplicate) {
    throw unsupported();
  }

  @Override
  public <R> Optional<R> getSecondaryResource(Class<R> type, String name) {
    throw unsupported();
  }

  @Override
  public ControllerConfiguration<P> getControllerConfiguration() {
    throw unsupported();
  }

  @Override
  public ManagedWorkflowAndDependentResourceContext managedWorkflowAndDependentResourceContext() {
    throw unsupported();
  }

  @Override
  public EventSourceRetriever<P> eventSourceRetriever() {
    throw unsupported();
  }

  @Override
  public ResourceOperations<P> resourceOperations() {
    throw unsupported();
  }

  @Override
  public ExecutorService getWorkflowExecutorService() {
    throw unsupported();
  }

  /** The given cache, else the API server itself stands in for it: always up to date. */
  @Override
  public IndexedResourceCache<P> getPrimaryCache() {
    if (primaryCache != null) {
      return primaryCache;
    }
    @SuppressWarnings("unchecked")
    Class<P> type = (Class<P>) primary.getClass();
    return new IndexedResourceCache<>() {
      @Override
      public List<P> byIndex(String indexName, String indexKey) {
        throw unsupported();
      }

      @Override
      public Stream<P> list(String namespace, Predicate<P> predicate) {
        return client.resources(type).inNamespace(namespace).list().getItems().stream()
            .filter(predicate);
      }

      @Override
      public Optional<P> get(ResourceID id) {
        return Optional.ofNullable(
            client
                .resources(type)
                .inNamespace(id.getNamespace().orElse(null))
                .withName(id.getName())
                .get());
      }

      @Override
      public Stream<ResourceID> keys() {
        return list(p -> true).map(ResourceID::fromResource);
      }

      @Override
      public Stream<P> list(Predicate<P> predicate) {
        return client.resources(type).inAnyNamespace().list().getItems().stream().filter(predicate);
      }
    };
  }

  @Override
  public boolean isNextReconciliationImminent() {
    return false;
  }

  @Override
  public boolean isPrimaryResourceDeleted() {
    return false;
  }

  @Override
  public boolean isPrimaryResourceFinalStateUnknown() {
    return false;
  }

  private static UnsupportedOperationException unsupported() {
    return new UnsupportedOperationException("not used by Shipproof's reconciler");
  }
}
