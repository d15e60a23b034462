package org.svdd.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * Checks that a port a node is about to serve on is free before the node takes any job over. An api node
 * names its job leases by host and api port, so a second node started by mistake on a running node's api port
 * would otherwise resume that node's jobs as its own previous life, then fail to bind and let them go.
 */
final class PortProbe {
  private PortProbe() {}

  /**
   * Throws, naming the option that chooses another port, if {@code port} on {@code host} is in use. Port 0 (any
   * free one), a negative port (off) and an address this machine cannot bind itself (a NAT's public address, bound
   * through configuration) are left to the server that binds them.
   */
  static void requireFree(String host, int port, String action, String option, String none) {
    if (port <= 0) {
      return;
    }
    try {
      new ServerSocket(port, 1, InetAddress.getByName(host)).close();
    } catch (IOException e) {
      if (String.valueOf(e.getMessage()).contains("in use")) {
        throw new IllegalStateException("cannot " + action + " on " + host + ":" + port + ": the port is "
            + "taken (another svdd serve? choose another with " + option + ", or " + none + ")", e);
      }
    }
  }
}
