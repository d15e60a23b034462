package org.svdd.oracle;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One long-lived external program spoken to line by line over stdin/stdout, never through a shell.
 * Not thread-safe: a pool hands each instance to one caller at a time.
 */
final class ExternalProcess implements AutoCloseable {
  private final List<String> command;
  private final Process process;
  private final Writer in;
  private final BufferedReader out;

  ExternalProcess(List<String> command) throws IOException {
    this.command = List.copyOf(command);
    Exiting.holdIfExiting();
    ProcessBuilder builder = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD);
    this.process = ProcessStarter.start(builder);
    this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.US_ASCII);
    this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII));
  }

  /** Sends one line and reads {@code replyLines} lines back. */
  String[] exchange(String line, int replyLines) throws IOException {
    try {
      in.write(line);
      in.write('\n');
      in.flush();
      String[] reply = new String[replyLines];
      for (int i = 0; i < replyLines; i++) {
        reply[i] = out.readLine();
        if (reply[i] == null) {
          throw new IOException(command.get(0) + " closed its output" + exitNote());
        }
      }
      return reply;
    } catch (IOException e) {
      Exiting.holdIfExiting(); // a program lost during the exit was killed by the exit hook
      throw e;
    }
  }

  boolean alive() {
    return process.isAlive();
  }

  /** Kills the program and every process it started, at once; a caller blocked in {@link #exchange} then fails. */
  void kill() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }

  /** Closes the program's input and ends it with every process it started, so none outlives the pool. */
  @Override
  public void close() {
    try {
      in.close();
    } catch (IOException ignored) {
      // the process is going away either way
    }
    java.util.List<ProcessHandle> children = process.descendants().toList();
    process.destroy();
    children.forEach(ProcessHandle::destroy);
    try {
      if (!process.waitFor(500, java.util.concurrent.TimeUnit.MILLISECONDS)) {
        kill();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      kill();
    }
    children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
  }

  private String exitNote() {
    try {
      if (process.waitFor(200, java.util.concurrent.TimeUnit.MILLISECONDS)) {
        return " (exit code " + process.exitValue() + ")";
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return "";
  }
}
