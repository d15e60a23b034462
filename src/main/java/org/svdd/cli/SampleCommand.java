package org.svdd.cli;

import picocli.CommandLine.Command;

@Command(name = "sample")
final class SampleCommand implements Runnable {
  @Override
  public void run() {}
}
