package dev.shipproof.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.shipproof.api.v1alpha1.Promotion;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code shipproof rollback}: the Promotion it prints, and the one it creates with --apply. */
@EnableKubernetesMockClient(crud = true)
class RollbackCommandTest {
  KubernetesClient client;
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  int run(String... args) {
    RollbackCommand command = new RollbackCommand();
    command.clientForTests = () -> client;
    CommandLine cmd = new CommandLine(command);
    cmd.setOut(new PrintWriter(out, true));
    cmd.setErr(new PrintWriter(err, true));
    return cmd.execute(args);
  }

  @Test
  void printsAPromotionThatParsesBackToTheRollback() {
    int code =
        run(
            "production",
            "-n",
            "payments",
            "--reason",
            "INC-4711: \"error\" rate",
            "--to",
            "sha256:" + "a".repeat(64));

    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString())
        .startsWith("apiVersion: shipproof.dev/v1alpha1\nkind: Promotion\n")
        .contains("  generateName: \"production-rollback-\"\n");
    Promotion p = Serialization.unmarshal(out.toString(), Promotion.class);
    assertThat(p.getMetadata().getNamespace()).isEqualTo("payments");
    assertThat(p.getSpec().getEnvironment()).isEqualTo("production");
    assertThat(p.getSpec().getImage()).isNull();
    assertThat(p.getSpec().getRollback().getTo()).isEqualTo("sha256:" + "a".repeat(64));
    assertThat(p.getSpec().getRollback().getStrategy()).isEqualTo("revert");
    assertThat(p.getSpec().getReason()).isEqualTo("INC-4711: \"error\" rate");
  }

  @Test
  void refusesAnUnknownTargetOrStrategy() {
    assertThat(run("production", "--to", "last-tuesday")).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(run("production", "--strategy", "force")).isEqualTo(CommandLine.ExitCode.USAGE);
    assertThat(err.toString()).contains("--to must be previous").contains("revert or pin");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void applyCreatesThePromotionWithOverrideAndStrategy() {
    int code =
        run(
            "production",
            "-n",
            "payments",
            "--apply",
            "--strategy",
            "pin",
            "--override",
            "INC-6 was the DB");

    assertThat(code).as(err.toString()).isZero();
    List<Promotion> all =
        client.resources(Promotion.class).inNamespace("payments").list().getItems();
    assertThat(all).hasSize(1);
    Promotion p = all.get(0);
    assertThat(p.getMetadata().getName()).startsWith("production-rollback-");
    assertThat(p.getSpec().getRollback().getStrategy()).isEqualTo("pin");
    assertThat(p.getSpec().getRollback().getTo()).isEqualTo("previous");
    assertThat(p.getSpec().getOverride().getReason()).isEqualTo("INC-6 was the DB");
    assertThat(out.toString()).contains("promotion.shipproof.dev/production-rollback-");
  }
}
