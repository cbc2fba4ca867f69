package dev.shipproof.cli;

import dev.shipproof.evidence.SigstoreEvidenceVerifier;
import dev.shipproof.evidence.TrustRoot;
import dev.shipproof.model.EvidenceItem;
import dev.shipproof.model.ImageRef;
import dev.shipproof.model.ImageRefException;
import dev.shipproof.promote.DigestCheck;
import dev.shipproof.promote.Progress;
import dev.shipproof.promote.Promoter;
import dev.shipproof.promote.PromotionOutage;
import dev.shipproof.promote.VerdictCache;
import dev.shipproof.registry.EvidenceLimits;
import dev.shipproof.registry.FetchedManifest;
import dev.shipproof.registry.ImageSource;
import dev.shipproof.registry.OciLayoutImageSource;
import dev.shipproof.registry.OrasImageSource;
import dev.shipproof.registry.RegistryAccess;
import dev.shipproof.registry.RegistryException;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.eclipse.microprofile.config.ConfigProvider;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Verifies the evidence of one digest against a policy file with the operator's own gather and
 * verify steps ({@link Promoter#check}), without a cluster or a git repository. Exit 0 allowed, 1
 * denied (every unmet requirement printed with its reason), 2 could not decide.
 */
@Command(
    name = "verify",
    mixinStandardHelpOptions = true,
    description =
        "Verify the evidence attached to NAME@sha256:HEX against a policy file, as a promotion"
            + " would. Exit 0 allowed, 1 denied, 2 could not decide (I/O, usage).")
public class VerifyCommand implements Callable<Integer> {
  static final int DENIED = 1;
  static final int UNDECIDED = 2;
  static final String BUNDLE_MEDIA_TYPE = "application/vnd.dev.sigstore.bundle.v0.3+json";

  /** The shipped Sigstore public-good trusted root (the operator's last fallback too). */
  static final String PUBLIC_GOOD = "/sigstore/trusted_root.public-good.json";

  /** Where the default trusted root comes from when neither the option nor the policy names one. */
  @FunctionalInterface
  interface DefaultTrustedRoot {
    /** The bytes of the default {@code trusted_root.json}, if there is one. */
    Optional<byte[]> read() throws IOException;
  }

  /** Output formats. */
  enum Output {
    text,
    json
  }

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "NAME@sha256:HEX", description = "The digest to verify.")
  String image;

  @Option(
      names = "--policy",
      required = true,
      paramLabel = "FILE",
      description = "Policy in the shape of Environment.spec.policy (YAML or JSON).")
  Path policyFile;

  @Option(
      names = "--trusted-root",
      paramLabel = "FILE",
      description =
          "Sigstore trusted_root.json. Default: the policy file's trustedRoot path, else the"
              + " operator's shipproof.trusted-root.")
  Path trustedRootFile;

  @Option(
      names = "--oci-layout",
      paramLabel = "DIR",
      description = "Read the image and its evidence from this OCI image layout, not the registry.")
  Path layout;

  @Option(
      names = "--bundle",
      paramLabel = "FILE",
      description =
          "Use only these Sigstore bundle files as evidence (repeatable); the manifest still comes"
              + " from the registry, or from --oci-layout.")
  List<Path> bundles = new ArrayList<>();

  @Option(
      names = "--insecure-registry",
      description = "Reach the registry over plain HTTP (local registries only).")
  boolean insecure;

  @Option(
      names = "--output",
      paramLabel = "FORMAT",
      description = "text (default) or json.",
      defaultValue = "text")
  Output output;

  @Option(
      names = {"-v", "--verbose"},
      description = "Print each step on stderr.")
  boolean verbose;

  DefaultTrustedRoot defaultTrustedRoot = VerifyCommand::configuredTrustedRoot;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    VerifyReport report = new VerifyReport(out, err, output == Output.json);
    ImageRef ref;
    try {
      ref = ImageRef.parseDigestReference(image);
    } catch (ImageRefException e) {
      return report.undecided(image, e.reason(), e.getMessage());
    }
    PolicyFile policy;
    TrustRoot trust;
    try {
      policy = PolicyFile.read(policyFile);
      trust = trustRoot(policy, err);
    } catch (NoSuchFileException e) {
      return report.undecided(image, "Usage", "no such file: " + e.getFile());
    } catch (IOException e) {
      return report.undecided(image, "Usage", "cannot read " + e.getMessage());
    } catch (IllegalArgumentException e) {
      return report.undecided(image, "Usage", e.getMessage());
    }
    Progress progress =
        verbose ? (step, detail) -> err.println(step + ": " + detail) : Progress.NONE;
    Promoter promoter =
        Promoter.verifyingOnly(new SigstoreEvidenceVerifier(), VerdictCache.disabled());
    try {
      DigestCheck check =
          bundles.isEmpty()
              ? promoter.check(ref, source(), policy.policy(), trust, progress)
              : promoter.check(ref, manifest(ref), bundleItems(), policy.policy(), trust, progress);
      return report.decided(ref, check);
    } catch (PromotionOutage e) {
      return report.undecided(image, e.reason(), e.getMessage());
    } catch (RegistryException e) {
      return report.undecided(image, e.kind().name(), e.getMessage());
    } catch (IOException e) {
      return report.undecided(image, "Usage", "cannot read bundle " + e.getMessage());
    } catch (IllegalArgumentException e) {
      return report.undecided(image, "Usage", e.getMessage());
    }
  }

  private ImageSource source() {
    if (layout != null) {
      return new OciLayoutImageSource(layout);
    }
    return new OrasImageSource(RegistryAccess.defaults().withInsecure(insecure));
  }

  /** In bundle mode the manifest is still fetched and hashed: a message signature signs it. */
  private FetchedManifest manifest(ImageRef ref) throws RegistryException {
    return source().fetchManifest(ref);
  }

  private List<EvidenceItem> bundleItems() throws IOException {
    long max = EvidenceLimits.DEFAULTS.maxBlobBytes();
    List<EvidenceItem> items = new ArrayList<>();
    for (Path bundle : bundles) {
      byte[] bytes;
      try (InputStream in = Files.newInputStream(bundle)) {
        bytes = in.readNBytes((int) max + 1);
      }
      if (bytes.length > max) {
        throw new IllegalArgumentException(bundle + " is over " + max + " bytes; not a bundle");
      }
      items.add(
          new EvidenceItem(
              "bundle " + bundle.getFileName(),
              EvidenceItem.Format.SIGSTORE_BUNDLE,
              BUNDLE_MEDIA_TYPE,
              bytes,
              Map.of()));
    }
    return items;
  }

  /** --trusted-root, else the policy file's path, else the operator's configured default. */
  private TrustRoot trustRoot(PolicyFile policy, PrintWriter err) throws IOException {
    if (trustedRootFile != null) {
      return TrustRoot.parse(Files.readAllBytes(trustedRootFile));
    }
    if (policy.trustedRoot().isPresent()) {
      return TrustRoot.parse(Files.readAllBytes(policy.trustedRoot().get()));
    }
    if (policy.configMapRoot()) {
      err.println(
          "verify: the policy names a trusted-root ConfigMap, which a command cannot read;");
      err.println("  using the default trusted root (pass --trusted-root to choose another)");
    }
    return TrustRoot.parse(
        defaultTrustedRoot
            .read()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "no trusted root: pass --trusted-root FILE, or set"
                            + " shipproof.trusted-root (this build lacks the shipped"
                            + " public-good root)")));
  }

  /**
   * The operator's {@code shipproof.trusted-root}, read through the same configuration sources
   * (system properties, environment, application.properties), else the Sigstore public-good root
   * shipped in the jar, as the operator falls back to it.
   */
  static Optional<byte[]> configuredTrustedRoot() throws IOException {
    Optional<String> configured;
    try {
      configured =
          ConfigProvider.getConfig().getOptionalValue("shipproof.trusted-root", String.class);
    } catch (RuntimeException | LinkageError e) {
      configured = Optional.empty();
    }
    if (configured.isPresent()) {
      return Optional.of(Files.readAllBytes(Path.of(configured.get())));
    }
    return shippedPublicGoodRoot();
  }

  /** The Sigstore public-good trusted root shipped in the jar, if this build has it. */
  static Optional<byte[]> shippedPublicGoodRoot() throws IOException {
    try (InputStream in = VerifyCommand.class.getResourceAsStream(PUBLIC_GOOD)) {
      return in == null ? Optional.empty() : Optional.of(in.readAllBytes());
    }
  }

  /** Exit codes, for the report. */
  static int exitCode(boolean allowed) {
    return allowed ? CommandLine.ExitCode.OK : DENIED;
  }
}
