package dev.shipproof.cli;

import io.quarkus.picocli.runtime.annotations.TopCommand;
import picocli.CommandLine.Command;

/** The {@code shipproof} command line. */
@TopCommand
@Command(
    name = "shipproof",
    mixinStandardHelpOptions = true,
    version = "shipproof 0.1.0",
    description =
        "Promotes container images by digest into GitOps repositories, only after"
            + " the evidence attached to that digest verifies.",
    subcommands = {
      OperatorCommand.class,
      DemoCommand.class,
      PinCommand.class,
      PromoteCommand.class,
      VerifyCommand.class,
      HistoryCommand.class,
      RollbackCommand.class
    })
public class ShipproofCommand {}
