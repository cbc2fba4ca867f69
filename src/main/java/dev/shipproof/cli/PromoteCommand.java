package dev.shipproof.cli;

import dev.shipproof.api.v1alpha1.Environment;
import dev.shipproof.api.v1alpha1.Phase;
import dev.shipproof.api.v1alpha1.Promotion;
import dev.shipproof.api.v1alpha1.PromotionStatus;
import dev.shipproof.config.LocalPromotion;
import dev.shipproof.evidence.TrustRoot;
import dev.shipproof.promote.EnvironmentRecords;
import dev.shipproof.promote.CopyCredentials;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Runs one Promotion without a cluster, on the operator's code path, and prints its final status.
 * Exit 0 Succeeded, 1 Failed, 2 Errored, still waiting (soak) or usage error.
 */
@Command(
    name = "promote",
    mixinStandardHelpOptions = true,
    description =
        "Run one Promotion without a cluster: verify the digest's evidence against the"
            + " Environment's policy, check its upstream gate, copy it if the Environment says so,"
            + " and pin it in the Environment's git repository. Prints the Promotion's final"
            + " status. Exit 0 Succeeded, 1 Failed, 2 Errored, waiting or usage error.")
public class PromoteCommand implements Callable<Integer> {
  static final int FAILED = 1;
  static final int NOT_DECIDED = 2;

  @Spec CommandSpec spec;

  @Option(
      names = {"-f", "--filename"},
      required = true,
      paramLabel = "PROMOTION.yaml",
      description = "The Promotion to run.")
  Path promotionFile;

  @Option(
      names = "--environment",
      required = true,
      paramLabel = "ENVIRONMENT.yaml",
      description = "The Environment it names.")
  Path environmentFile;

  @Option(
      names = "--upstream-environment",
      paramLabel = "FILE",
      description = "The upstream Environment, when the Environment names one.")
  Path upstreamFile;

  @Option(
      names = "--trusted-root",
      paramLabel = "FILE",
      description = "Sigstore trusted_root.json (required: no cluster holds the ConfigMap).")
  Path trustedRoot;

  @Option(
      names = "--oci-layout",
      paramLabel = "DIR",
      description =
          "Read the image and its evidence from this OCI image layout; the registry part of the"
              + " reference is not used for lookup.")
  Path ociLayout;

  @Option(
      names = "--source-auth",
      paramLabel = "FILE",
      description = "Docker config JSON for the source registry of a registry copy.")
  Path sourceAuth;

  @Option(
      names = "--destination-auth",
      paramLabel = "FILE",
      description = "Docker config JSON for the destination registry of a registry copy.")
  Path destinationAuth;

  @Option(
      names = {"-o", "--output"},
      defaultValue = "yaml",
      description = "yaml or json (default ${DEFAULT-VALUE}).")
  String output;

  @Option(
      names = "--work-dir",
      paramLabel = "DIR",
      description = "Keep clones here (default: a temporary directory, removed afterwards).")
  Path workDir;

  /** Where Environment statuses come from; the git-trailer rebuild plugs in here. */
  EnvironmentRecords records = EnvironmentRecords.AS_WRITTEN;

  /** The clock for commit times and soak checks. */
  Clock clock = Clock.systemUTC();

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!output.equals("yaml") && !output.equals("json")) {
      err.println("promote: --output must be yaml or json");
      return NOT_DECIDED;
    }
    KubernetesSerialization yaml = new KubernetesSerialization();
    LocalPromotion.Input input;
    try {
      input = input(yaml);
    } catch (UsageException e) {
      err.println("promote: " + e.getMessage());
      return NOT_DECIDED;
    }
    Path dir = workDir;
    boolean temporary = dir == null;
    PromotionStatus status;
    try {
      if (temporary) {
        dir = Files.createTempDirectory("shipproof-promote-");
      }
      status =
          new LocalPromotion(dir, clock, records)
              .run(input, (step, detail) -> err.println(step + ": " + detail));
    } catch (IOException e) {
      err.println("promote: cannot create a work directory: " + e.getMessage());
      return NOT_DECIDED;
    } finally {
      if (temporary && dir != null) {
        deleteTree(dir);
      }
    }
    out.print(output.equals("json") ? yaml.asJson(status) + "\n" : yaml.asYaml(status));
    out.flush();
    return exitCode(status.getPhase());
  }

  static int exitCode(Phase phase) {
    if (phase == Phase.Succeeded) {
      return CommandLine.ExitCode.OK;
    }
    return phase == Phase.Failed ? FAILED : NOT_DECIDED;
  }

  private LocalPromotion.Input input(KubernetesSerialization yaml) throws UsageException {
    Promotion promotion = read(yaml, promotionFile, Promotion.class, "Promotion");
    Environment environment = read(yaml, environmentFile, Environment.class, "Environment");
    if (promotion.getSpec() == null || promotion.getMetadata() == null) {
      throw new UsageException(promotionFile + " has no metadata or spec");
    }
    if (promotion.getMetadata().getName() == null) {
      promotion.getMetadata().setName("local");
    }
    if (environment.getSpec() == null || environment.getMetadata() == null) {
      throw new UsageException(environmentFile + " has no metadata or spec");
    }
    String named = promotion.getSpec().getEnvironment();
    if (named != null && !named.equals(environment.getMetadata().getName())) {
      throw new UsageException(
          "the Promotion names Environment "
              + named
              + " but "
              + environmentFile
              + " is Environment "
              + environment.getMetadata().getName());
    }
    Environment upstream = null;
    if (upstreamFile != null) {
      upstream = read(yaml, upstreamFile, Environment.class, "Environment");
      var wanted = environment.getSpec().getUpstream();
      if (upstream.getMetadata() == null
          || wanted == null
          || !upstream.getMetadata().getName().equals(wanted.getEnvironment())) {
        throw new UsageException(
            upstreamFile
                + " is not the upstream the Environment names (spec.upstream.environment)");
      }
    }
    if (trustedRoot == null) {
      throw new UsageException("--trusted-root FILE is required (no cluster holds the ConfigMap)");
    }
    TrustRoot trust;
    try {
      trust = TrustRoot.parse(Files.readAllBytes(trustedRoot));
    } catch (IOException | IllegalArgumentException e) {
      throw new UsageException("cannot read trusted root " + trustedRoot + ": " + e.getMessage());
    }
    return new LocalPromotion.Input(
        promotion,
        environment,
        upstream,
        trust,
        ociLayout,
        new CopyCredentials(text(sourceAuth), text(destinationAuth)));
  }

  private static <T> T read(KubernetesSerialization yaml, Path file, Class<T> type, String kind)
      throws UsageException {
    try {
      String text = Files.readString(file);
      T value = yaml.unmarshal(text, type);
      if (value == null) {
        throw new UsageException(file + " is empty");
      }
      return value;
    } catch (IOException e) {
      throw new UsageException("cannot read " + file + ": " + e.getMessage());
    } catch (RuntimeException e) {
      throw new UsageException(file + " is not a " + kind + ": " + firstLine(e.getMessage()));
    }
  }

  private static String text(Path file) throws UsageException {
    if (file == null) {
      return null;
    }
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UsageException("cannot read " + file + ": " + e.getMessage());
    }
  }

  private static String firstLine(String message) {
    return message == null ? "unreadable" : message.lines().findFirst().orElse("");
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // A leftover temporary directory is harmless.
    }
  }

  /** A usage problem: printed as one line, exit 2. */
  private static final class UsageException extends Exception {
    UsageException(String message) {
      super(message);
    }
  }
}
