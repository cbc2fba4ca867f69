package dev.shipproof.config;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.Operator;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness: the Kubernetes API answers. The operator SDK's own readiness check covers the
 * informers (started, watching); this one says when the API itself is the problem. Until the
 * operator has started (and in the other commands, which never start it) it reports "not running"
 * without calling the API.
 */
@Readiness
@ApplicationScoped
public class KubernetesApiReadiness implements HealthCheck {
  static final String NAME = "Kubernetes API";

  // Looked up per probe, not at startup: `demo` and `pin` must not build a cluster client.
  @Inject Instance<KubernetesClient> client;
  @Inject Instance<Operator> operator;

  @Override
  public HealthCheckResponse call() {
    if (!operator.get().getRuntimeInfo().isStarted()) {
      return HealthCheckResponse.named(NAME).down().withData("operator", "not running").build();
    }
    KubernetesClient c = client.get();
    try {
      var version = c.getKubernetesVersion();
      return HealthCheckResponse.named(NAME)
          .up()
          .withData("server", version.getGitVersion() == null ? "" : version.getGitVersion())
          .build();
    } catch (KubernetesClientException e) {
      return HealthCheckResponse.named(NAME)
          .down()
          .withData("error", e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
          .build();
    }
  }
}
