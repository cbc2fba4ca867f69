package dev.shipproof.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.shipproof.api.v1alpha1.Environment;
import dev.shipproof.api.v1alpha1.RejectedDigest;
import dev.shipproof.gitops.GitException;
import dev.shipproof.gitops.HistoryEntry;
import dev.shipproof.gitops.JgitWorkspace;
import dev.shipproof.gitops.RollbackWorkspace;
import dev.shipproof.model.ImageRef;
import dev.shipproof.promote.QuarantineLedger;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The promotion record of an environment, read from its branch's commit trailers: what landed when,
 * with which evidence, what was rolled back and which digests are quarantined.
 */
@Command(
    name = "history",
    mixinStandardHelpOptions = true,
    description =
        "Print an environment's promotion record from its git trailers: time, digest, promotion,"
            + " evidence, reverts, overrides, and the quarantine they add up to.")
public class HistoryCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  static final class Source {
    @Option(
        names = "--environment",
        paramLabel = "FILE",
        description = "An Environment manifest (YAML): its git URL, branch and name are used.")
    Path environment;

    @ArgGroup(exclusive = false)
    Repo repo;
  }

  static final class Repo {
    @Option(names = "--repo", required = true, paramLabel = "URL", description = "Git URL.")
    String url;

    @Option(names = "--branch", required = true, description = "Branch.")
    String branch;

    @Option(
        names = "--environment-name",
        paramLabel = "NAME",
        description = "Only commits of this environment (default: all).")
    String environmentName;
  }

  @ArgGroup(multiplicity = "1")
  Source source;

  @Option(
      names = "--output",
      defaultValue = "text",
      description = "text or json (default ${DEFAULT-VALUE}).")
  String output;

  @Option(
      names = "--limit",
      defaultValue = "10000",
      description =
          "Commits to read from the tip, through every parent (default ${DEFAULT-VALUE}).")
  int limit;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!output.equals("text") && !output.equals("json")) {
      err.println("history: --output must be text or json");
      return CommandLine.ExitCode.USAGE;
    }
    String url;
    String branch;
    String name;
    if (source.environment != null) {
      Environment env;
      try (InputStream in = Files.newInputStream(source.environment)) {
        env = Serialization.unmarshal(in, Environment.class);
      } catch (IOException | RuntimeException e) {
        err.println(
            "history: cannot read Environment " + source.environment + ": " + e.getMessage());
        return CommandLine.ExitCode.USAGE;
      }
      if (env == null || env.getSpec() == null || env.getSpec().getGit() == null) {
        err.println("history: " + source.environment + " has no spec.git");
        return CommandLine.ExitCode.USAGE;
      }
      url = env.getSpec().getGit().getUrl();
      branch = env.getSpec().getGit().getBranch();
      name = env.getMetadata() == null ? null : env.getMetadata().getName();
    } else {
      url = source.repo.url;
      branch = source.repo.branch;
      name = source.repo.environmentName;
    }
    Path cache = Files.createTempDirectory("shipproof-history-");
    try {
      RollbackWorkspace.History history =
          new JgitWorkspace(cache).history(url, branch, name, limit);
      List<RejectedDigest> quarantine = QuarantineLedger.rebuild(history.entries());
      if (output.equals("json")) {
        out.println(json(history, quarantine));
      } else {
        text(out, history, quarantine);
      }
      return CommandLine.ExitCode.OK;
    } catch (GitException e) {
      err.println("history: " + e.getMessage());
      return 1;
    } finally {
      deleteTree(cache);
    }
  }

  /** The record as JSON: {@code {entries: [...], quarantine: [...], truncated, commitsRead}}. */
  static String json(RollbackWorkspace.History history, List<RejectedDigest> quarantine)
      throws IOException {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("entries", history.entries());
    doc.put("quarantine", quarantine);
    doc.put("truncated", history.truncated());
    doc.put("commitsRead", history.commitsRead());
    return new ObjectMapper()
        .findAndRegisterModules()
        .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
        .writerWithDefaultPrettyPrinter()
        .writeValueAsString(doc);
  }

  static void text(
      PrintWriter out, RollbackWorkspace.History history, List<RejectedDigest> quarantine) {
    String row = "%-20s %-12s %-19s %-13s %s%n";
    out.printf(row, "TIME", "COMMIT", "DIGEST", "ENVIRONMENT", "PROMOTION");
    for (HistoryEntry e : history.entries()) {
      out.printf(
          row,
          e.time().toString(),
          e.shortCommit(),
          ImageRef.shortDigest(e.digest()),
          e.environment(),
          e.promotion());
      if (e.isRollback()) {
        out.println(
            "    rollback: reverts "
                + String.join(", ", e.revertOf().stream().map(HistoryCommand::abbrev).toList())
                + (e.rejectedDigest() == null
                    ? ""
                    : ", rejects " + ImageRef.shortDigest(e.rejectedDigest())));
      }
      if (e.override() != null) {
        out.println("    override: " + e.override());
      }
      if (!e.reason().isEmpty()) {
        out.println("    reason: " + e.reason().replace("\n", " "));
      }
      out.println("    evidence: " + e.evidence());
    }
    if (history.commitsRead() == 0) {
      out.println("(the branch does not exist or has no commits)");
    }
    out.println();
    if (quarantine.isEmpty()) {
      out.println("quarantined: none");
    } else {
      out.println("quarantined:");
      for (RejectedDigest r : quarantine) {
        out.println(
            "  "
                + r.getDigest()
                + " rejected by "
                + r.getPromotion()
                + " in "
                + abbrev(r.getCommit())
                + " at "
                + r.getTime());
      }
    }
    if (history.truncated()) {
      out.println(
          "(read " + history.commitsRead() + " commits, the --limit; older history was not read)");
    }
    out.flush();
  }

  private static String abbrev(String sha) {
    return sha.substring(0, Math.min(12, sha.length()));
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
