package dev.shipproof.cli;

import dev.shipproof.gitops.EditResult;
import dev.shipproof.gitops.PublishRequest;
import dev.shipproof.gitops.TargetEditors;
import dev.shipproof.gitops.TargetOptions;
import dev.shipproof.model.ImageRef;
import dev.shipproof.model.ImageRefException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Runs a promotion's file edit on one local file, to preview what a promotion will write. Exit 0
 * when pinned or already pinned, 1 when refused (reason on stderr), 2 on usage errors. With {@code
 * --stdout} the file is left alone and stdout carries only the edited text.
 */
@Command(
    name = "pin",
    mixinStandardHelpOptions = true,
    description =
        "Pin an image digest in one file with the editor a promotion uses: in place, or printed"
            + " with --stdout. Exit 0 pinned or already pinned, 1 refused, 2 usage error.")
public class PinCommand implements Callable<Integer> {
  static final int REFUSED = 1;

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "FILE", description = "The file to edit.")
  Path file;

  @Option(
      names = "--format",
      required = true,
      description = "kustomize, helm-values, manifest or yaml.")
  String format;

  @Option(names = "--image", required = true, description = "NAME@sha256:HEX to pin.")
  String image;

  @Option(names = "--key", description = "Key path (helm-values: default image; yaml: required).")
  String key;

  @Option(names = "--stdout", description = "Print the edited file instead of writing it.")
  boolean stdout;

  @Option(names = "--tag-holds-digest", description = "Write tag: <tag>@sha256:… into a map.")
  boolean tagHoldsDigest;

  @Option(names = "--new-name", description = "Repository name to write instead of the current.")
  String newName;

  @Option(names = "--repository-key", description = "Map key of the repository.")
  String repositoryKey;

  @Option(names = "--tag-key", description = "Map key of the tag.")
  String tagKey;

  @Option(names = "--digest-key", description = "Map key of the digest.")
  String digestKey;

  @Option(names = "--kind", description = "manifest: only objects of this kind.")
  String kind;

  @Option(names = "--name", description = "manifest: only objects with this metadata.name.")
  String name;

  @Option(names = "--container", description = "manifest: only containers with this name.")
  String container;

  @Option(names = "--anchor", description = "Allow editing this aliased anchor (and its aliases).")
  String anchor;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    if (!TargetEditors.FORMATS.contains(format)) {
      err.println(
          "pin: unknown --format "
              + format
              + "; use one of "
              + String.join(", ", TargetEditors.FORMATS.stream().sorted().toList()));
      return CommandLine.ExitCode.USAGE;
    }
    ImageRef pinned;
    try {
      pinned = ImageRef.parseDigestReference(image);
    } catch (ImageRefException e) {
      err.println("pin: --image " + e.getMessage());
      return CommandLine.ExitCode.USAGE;
    }
    // Every refusal names the file and the image the same way, read failures included.
    String subject = file + " (image " + pinned.name() + "): ";
    String text;
    try {
      text = decode(Files.readAllBytes(file));
    } catch (NoSuchFileException e) {
      err.println("refused (TargetNotFound): " + subject + "no such file");
      return REFUSED;
    } catch (CharacterCodingException e) {
      err.println("refused (TargetInvalid): " + subject + "not UTF-8 text");
      return REFUSED;
    } catch (IOException e) {
      err.println("refused (TargetNotFound): " + subject + "cannot read: " + e.getMessage());
      return REFUSED;
    }
    var options =
        new TargetOptions(
            key,
            repositoryKey,
            tagKey,
            digestKey,
            tagHoldsDigest,
            newName,
            kind,
            name,
            container,
            anchor);
    var target = new PublishRequest.Target(file.toString(), format, pinned.name(), options);
    EditResult result = TargetEditors.edit(format, text, target, pinned);
    if (result instanceof EditResult.Refused r) {
      err.println("refused (" + r.reason() + "): " + subject + r.message());
      return REFUSED;
    }
    String newText = result instanceof EditResult.Changed c ? c.newText() : text;
    String verdict =
        result instanceof EditResult.Changed
            ? "pinned " + pinned.name() + "@" + pinned.digest() + " in " + file
            : "already pinned: " + file + " already pins " + pinned.name() + "@" + pinned.digest();
    if (stdout) {
      out.print(newText);
      out.flush();
      err.println(verdict);
      return CommandLine.ExitCode.OK;
    }
    if (result instanceof EditResult.Changed) {
      try {
        Files.writeString(file, newText, StandardCharsets.UTF_8);
      } catch (IOException e) {
        err.println("pin: cannot write " + file + ": " + e.getMessage());
        return REFUSED;
      }
    }
    out.println(verdict);
    return CommandLine.ExitCode.OK;
  }

  private static String decode(byte[] bytes) throws CharacterCodingException {
    return StandardCharsets.UTF_8
        .newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(ByteBuffer.wrap(bytes))
        .toString();
  }
}
