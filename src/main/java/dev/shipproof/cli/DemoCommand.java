package dev.shipproof.cli;

import dev.shipproof.demo.Demo;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Runs the whole promotion loop on local parts and prints what happened. */
@Command(
    name = "demo",
    description =
        "Run the whole loop in this process: an in-process Kubernetes API, the fixture image and"
            + " its evidence from a local OCI layout, a fresh bare git repo. Prints each step.")
public class DemoCommand implements Callable<Integer> {
  @Option(
      names = "--keep",
      description = "Keep the demo's temporary directory (git repo, layout) and print its path.")
  boolean keep;

  @Option(
      names = "--output",
      defaultValue = "text",
      description =
          "text (default): the story, step by step; json: one JSON document for scripts (the"
              + " promotions with their outcome and evidence, the commits made).")
  String output;

  @Override
  public Integer call() throws Exception {
    if (!"text".equals(output) && !"json".equals(output)) {
      System.err.println("shipproof demo: --output must be text or json, not " + output);
      return 2;
    }
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    return new Demo(out, keep, "json".equals(output)).run();
  }
}
