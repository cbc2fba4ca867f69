package dev.shipproof.cli;

import io.javaoperatorsdk.operator.Operator;
import io.quarkus.runtime.Quarkus;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import picocli.CommandLine.Command;

/** Runs the operator against the cluster of the current kubeconfig or service account. */
@Command(name = "operator", description = "Run the Promotion operator until stopped.")
public class OperatorCommand implements Runnable {
  // Looked up only when this command runs: other commands must not build a cluster client.
  @Inject Instance<Operator> operator;

  @Override
  public void run() {
    operator.get().start();
    Quarkus.waitForExit();
  }
}
