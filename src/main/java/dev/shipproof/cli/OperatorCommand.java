package dev.shipproof.cli;

import dev.shipproof.config.GracefulShutdown;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.Operator;
import io.quarkus.runtime.Quarkus;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Runs the operator against the cluster of the current kubeconfig or service account. */
@Command(name = "operator", description = "Run the Promotion operator until stopped.")
public class OperatorCommand implements Callable<Integer> {
  // Looked up only when this command runs: other commands must not build a cluster client.
  @Inject Instance<Operator> operator;
  @Inject Instance<KubernetesClient> client;
  @Inject GracefulShutdown shutdown;

  @Override
  public Integer call() {
    String problem = unreachable(client.get());
    if (problem != null) {
      System.err.println("shipproof operator: cannot reach the Kubernetes API: " + problem);
      System.err.println("  set KUBECONFIG (or ~/.kube/config), or run inside a cluster");
      return 1;
    }
    operator.get().start();
    shutdown.started(operator.get());
    Quarkus.waitForExit();
    return 0;
  }

  /** Asks the API server for its version once, so a wrong kubeconfig reads as one line. */
  private static String unreachable(KubernetesClient client) {
    try {
      client.getKubernetesVersion();
      return null;
    } catch (KubernetesClientException e) {
      Throwable root = e;
      while (root.getCause() != null && root.getCause() != root) {
        root = root.getCause();
      }
      String what = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
      return client.getMasterUrl() + " (" + what + ")";
    }
  }
}
