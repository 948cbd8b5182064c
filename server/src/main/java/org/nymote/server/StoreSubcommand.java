package org.nymote.server;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** What every {@code nymote store} subcommand reaches: the parent's options and its own spec. */
abstract class StoreSubcommand {
  @ParentCommand
  protected StoreCommand store;

  @Spec
  protected CommandSpec spec;
}
