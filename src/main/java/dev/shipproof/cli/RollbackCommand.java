package dev.shipproof.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.shipproof.api.v1alpha1.OverrideSpec;
import dev.shipproof.api.v1alpha1.Promotion;
import dev.shipproof.api.v1alpha1.PromotionSpec;
import dev.shipproof.api.v1alpha1.RollbackSpec;
import dev.shipproof.gitops.RollbackTo;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Writes the rollback Promotion for an environment: printed for {@code kubectl apply -f -}, or
 * created with {@code --apply} through the current kubeconfig. The operator does the rollback.
 */
@Command(
    name = "rollback",
    mixinStandardHelpOptions = true,
    description =
        "Print the Promotion that rolls ENVIRONMENT back (pipe it to kubectl apply -f -), or create"
            + " it with --apply. The operator verifies the target digest again before it reverts.")
public class RollbackCommand implements Callable<Integer> {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec CommandSpec spec;

  // Looked up only with --apply: printing must work without a cluster.
  @Inject Instance<KubernetesClient> client;

  /** Tests hand in a client for the mock API server. */
  Supplier<KubernetesClient> clientForTests;

  @Parameters(index = "0", paramLabel = "ENVIRONMENT", description = "The Environment's name.")
  String environment;

  @Option(
      names = "--to",
      defaultValue = "previous",
      description = "previous, a digest sha256:<hex>, or a commit SHA (default ${DEFAULT-VALUE}).")
  String to;

  @Option(
      names = "--strategy",
      defaultValue = "revert",
      description = "revert (git revert) or pin (a new forward commit) (default ${DEFAULT-VALUE}).")
  String strategy;

  @Option(names = "--reason", description = "Why; goes into the commit message.")
  String reason;

  @Option(
      names = "--override",
      paramLabel = "REASON",
      description = "Roll back to a quarantined digest anyway; recorded in the commit.")
  String override;

  @Option(
      names = {"-n", "--namespace"},
      description = "Namespace of the Environment.")
  String namespace;

  @Option(names = "--apply", description = "Create the Promotion through the current kubeconfig.")
  boolean apply;

  @Override
  public Integer call() throws JsonProcessingException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (RollbackTo.parse(to).isEmpty()) {
      err.println("rollback: --to must be " + RollbackTo.FORMS);
      return CommandLine.ExitCode.USAGE;
    }
    String how = strategy.strip().toLowerCase(Locale.ROOT);
    if (!how.equals("revert") && !how.equals("pin")) {
      err.println("rollback: --strategy must be revert or pin");
      return CommandLine.ExitCode.USAGE;
    }
    if (!apply) {
      out.print(yaml(how));
      out.flush();
      return CommandLine.ExitCode.OK;
    }
    KubernetesClient k = clientForTests != null ? clientForTests.get() : client.get();
    Promotion p = promotion(how, namespace == null ? k.getNamespace() : namespace);
    try {
      Promotion created = k.resource(p).create();
      out.println(
          "promotion.shipproof.dev/"
              + created.getMetadata().getName()
              + " created in "
              + created.getMetadata().getNamespace()
              + "; watch it with: kubectl get promotion -n "
              + created.getMetadata().getNamespace()
              + " "
              + created.getMetadata().getName()
              + " -w");
      return CommandLine.ExitCode.OK;
    } catch (KubernetesClientException e) {
      err.println("rollback: creating the Promotion failed: " + e.getMessage());
      return 1;
    }
  }

  Promotion promotion(String how, String ns) {
    Promotion p = new Promotion();
    p.setMetadata(
        new ObjectMetaBuilder()
            .withGenerateName(environment + "-rollback-")
            .withNamespace(ns)
            .build());
    PromotionSpec s = new PromotionSpec();
    s.setEnvironment(environment);
    RollbackSpec r = new RollbackSpec();
    r.setTo(to.strip());
    r.setStrategy(how);
    s.setRollback(r);
    s.setReason(reason);
    if (override != null) {
      OverrideSpec o = new OverrideSpec();
      o.setReason(override);
      s.setOverride(o);
    }
    p.setSpec(s);
    return p;
  }

  /**
   * The manifest, written plainly so it reads like the docs; strings are JSON-quoted (valid YAML).
   */
  String yaml(String how) throws JsonProcessingException {
    StringBuilder y = new StringBuilder();
    y.append("apiVersion: shipproof.dev/v1alpha1\n");
    y.append("kind: Promotion\n");
    y.append("metadata:\n");
    y.append("  generateName: ").append(q(environment + "-rollback-")).append('\n');
    if (namespace != null) {
      y.append("  namespace: ").append(q(namespace)).append('\n');
    }
    y.append("spec:\n");
    y.append("  environment: ").append(q(environment)).append('\n');
    y.append("  rollback:\n");
    y.append("    to: ").append(q(to.strip())).append('\n');
    y.append("    strategy: ").append(how).append('\n');
    if (reason != null) {
      y.append("  reason: ").append(q(reason)).append('\n');
    }
    if (override != null) {
      y.append("  override:\n    reason: ").append(q(override)).append('\n');
    }
    return y.toString();
  }

  private static String q(String s) throws JsonProcessingException {
    return JSON.writeValueAsString(s);
  }
}
