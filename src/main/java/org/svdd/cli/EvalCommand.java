package org.svdd.cli;

import picocli.CommandLine.Command;

@Command(name = "eval")
final class EvalCommand implements Runnable {
  @Override
  public void run() {}
}
